import CheckoutTesting
import Foundation
import Testing

/// Long pipelined batches in one write against the binary: every request answered, in order,
/// with the process's memory flat (issue: 3,000 pipelined requests once overflowed the
/// stack through drive → dispatch → write → flush → finish → drive).
@Suite(.serialized) struct BinaryPipeliningTests {
    static let count = 10_000

    /// `count` requests alternating between paths, each tagged with its index.
    static func batch(_ paths: [String], count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 64)
        for index in 0..<count {
            let path = paths[index % paths.count]
            bytes += Array("GET \(path) HTTP/1.1\r\nHost: x\r\nX-Request-Id: p-\(index)\r\n\r\n".utf8)
        }
        return bytes
    }

    /// Sends the batch in one write and reads every answer, checking order and status.
    static func runBatch(_ paths: [String], count: Int, port: Int) throws -> (answered: Int, inOrder: Bool) {
        let connection = try TestConnection(port: port, timeout: 20)
        let sending = connection.sendInBackground(batch(paths, count: count))
        var answered = 0
        var inOrder = true
        for index in 0..<count {
            let response = try connection.readResponse()
            if response.status != 200 || response.header("X-Request-Id") != "p-\(index)" { inOrder = false }
            answered += 1
        }
        try sending.wait()
        return (answered, inOrder)
    }

    @Test func tenThousandPipelinedRequests_AreAnsweredInOrderWithFlatMemory() throws {
        // Its own public folder with a 1 KiB file: the shipped Public/ holds no benchmark fixture.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("assets"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("<!doctype html><title>pipelining</title>".utf8).write(to: folder.appendingPathComponent("index.html"))
        try Data(repeating: UInt8(ascii: "x"), count: 1024).write(to: folder.appendingPathComponent("assets/bench-1k.txt"))
        let service = try ServiceProcess(environment: ["CHECKOUT_LOG_LEVEL": "warning", "CHECKOUT_PUBLIC_DIR": folder.path]
                                             .merging(ServiceProcess.memoryMeasurementEnvironment) { _, new in new })
        defer { service.stop() }
        let paths = ["/healthz", "/assets/bench-1k.txt", "/"]
        // Warm-up with two whole batches: allocator arenas, file cache and buffers reach their
        // working size (under ASan its allocator grows ~8.5 MB during the second batch and is flat
        // from the third on: one warm-up of 1,000 let that count as growth), so what is measured
        // next is growth per request only.
        for _ in 0..<2 { _ = try Self.runBatch(paths, count: Self.count, port: service.port) }
        let before = try #require(service.residentMemoryKiB())
        for _ in 0..<2 {
            let result = try Self.runBatch(paths, count: Self.count, port: service.port)
            #expect(result.answered == Self.count)
            #expect(result.inOrder)
        }
        let after = try #require(service.residentMemoryKiB())
        // 20,000 answers (~6 MB of responses) went through; memory must not grow with them.
        #expect(after - before < 8 * 1024, "RSS grew from \(before) KiB to \(after) KiB")
        #expect(service.process.isRunning)
        let health = try TestConnection(port: service.port).request("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(health.status == 200)
    }
}
