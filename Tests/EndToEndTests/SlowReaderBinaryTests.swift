import CheckoutTesting
import Foundation
import Testing

/// Clients that ask the binary for a large static file and never read it, over plain HTTP
/// (`sendfile`) and TLS (64 KiB pieces through the session): the server holds no copy of the
/// file per client, so its memory stays flat, and the write deadline closes every one.
@Suite(.serialized) struct SlowReaderBinaryTests {
    static let fileSize = 16 << 20
    static let plainClients = 80
    static let tlsClients = 40

    /// A public folder with `assets/large.bin` of `fileSize` bytes.
    static func publicFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-slow-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try Data("<!doctype html><title>slow readers</title>".utf8).write(to: folder.appendingPathComponent("index.html"))
        try Data(repeating: UInt8(ascii: "x"), count: fileSize).write(to: folder.appendingPathComponent("assets/large.bin"))
        return folder
    }

    /// Open descriptors of the process (sockets included).
    static func openDescriptors(_ service: ServiceProcess) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(service.process.processIdentifier)/fd").count) ?? -1
    }

    /// A connection that asks for the large file with a 4 KiB receive buffer and reads nothing.
    /// The buffer is small from the connect on: shrunk afterwards, the window falls below what
    /// the sender has seen, and the bytes still queued at the close then come only on its window
    /// probes (draining two readers took ~2 minutes).
    static func stalledReader(_ service: ServiceProcess, tls: Bool, caPath: String) throws -> TestConnection {
        let connection = tls
            ? try TestConnection(tlsPort: service.httpsPort!, caPath: caPath, receiveBuffer: 4096)
            : try TestConnection(port: service.port, receiveBuffer: 4096)
        try connection.send("GET /assets/large.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        return connection
    }

    @Test func readersThatNeverRead_KeepMemoryFlat_AndAreClosedByTheWriteDeadline() throws {
        TestLimits.raiseOpenFiles()
        let folder = try Self.publicFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificates = try TestCertificates.shared()
        let service = try ServiceProcess(environment: [
            "CHECKOUT_LOG_LEVEL": "warning", "CHECKOUT_PUBLIC_DIR": folder.path, "CHECKOUT_WRITE_TIMEOUT_MS": "2000",
            "CHECKOUT_TLS_CERT": certificates.certificatePath, "CHECKOUT_TLS_KEY": certificates.keyPath,
        ].merging(ServiceProcess.memoryMeasurementEnvironment) { _, new in new }, httpsPort: ServiceProcess.freePort())
        defer { service.stop() }
        // Warm-up (curl): one whole read of the file each way, so buffers and the TLS path reach their working size.
        for url in ["http://127.0.0.1:\(service.port)", "https://localhost:\(service.httpsPort!)"] {
            let result = try Shell.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                                                "--cacert", certificates.caPath, url + "/assets/large.bin"])
            #expect(result.output == "200 \(Self.fileSize)")
        }
        // The warm-up connections close on the server a moment after ours: the baseline is the low.
        var descriptorsBefore = Self.openDescriptors(service)
        for _ in 0..<10 {
            usleep(100_000)
            descriptorsBefore = min(descriptorsBefore, Self.openDescriptors(service))
        }
        let before = try #require(service.residentMemoryKiB())
        var stalled = try (0..<Self.plainClients).map { _ in try Self.stalledReader(service, tls: false, caPath: certificates.caPath) }
        stalled += try (0..<Self.tlsClients).map { _ in try Self.stalledReader(service, tls: true, caPath: certificates.caPath) }
        // Sample the server's memory until the write deadline has closed every stalled reader.
        let stalledAt = Date()
        var peak = before
        var open = Self.openDescriptors(service)
        let giveUp = Date().addingTimeInterval(90)
        while open > descriptorsBefore && Date() < giveUp {
            peak = max(peak, service.residentMemoryKiB() ?? peak)
            usleep(50_000)
            open = Self.openDescriptors(service)
        }
        print("slow readers: \(Self.plainClients) plain + \(Self.tlsClients) TLS of a \(Self.fileSize >> 20) MiB file: "
              + "RSS \(before) KiB before, peak \(peak) KiB (+\((peak - before) / 1024) MiB); "
              + "all closed \(Int(Date().timeIntervalSince(stalledAt))) s after they stalled")
        #expect(open <= descriptorsBefore, "\(open - descriptorsBefore) stalled readers still open")
        // A copy of the file per client would be 1.9 GiB; what a reader may cost is its
        // connection state plus one 64 KiB piece and its ciphertext on TLS.
        #expect(peak - before < 48 * 1024, "RSS grew from \(before) KiB to \(peak) KiB")
        // Each reader got a prefix of the file and then the close, never the whole file.
        for connection in [stalled[0], stalled[Self.plainClients]] {
            var received = 0
            while let bytes = try? connection.takeBytes() { received += bytes.count }
            #expect(received < Self.fileSize, "a stalled reader received the whole file")
        }
        #expect(service.process.isRunning)
        #expect(try TestConnection(port: service.port).request("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status == 200)
    }
}
