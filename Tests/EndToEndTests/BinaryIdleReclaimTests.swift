import CheckoutTesting
import Foundation
import Testing

/// The binary at `ulimit -n 64` with idle keep-alive clients holding every descriptor it can
/// spare: new clients are still answered (the oldest idle connections are closed to make
/// room), and connections in the middle of a request or a response are never cut.
@Suite(.serialized) struct BinaryIdleReclaimTests {
    static let healthz = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"

    /// With `explicitMaximum` the ceiling is set far above what the descriptors allow (so accept
    /// meets EMFILE); without it the server derives its ceiling from them.
    @Test(arguments: [true, false])
    func idleClientsHoldingTheDescriptors_DoNotKeepNewClientsOut_NorCutRequestsInFlight(explicitMaximum: Bool) throws {
        let folder = try SlowReaderBinaryTests.publicFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ["CHECKOUT_PUBLIC_DIR": folder.path, "CHECKOUT_LOG_LEVEL": "warning",
                           "CHECKOUT_HEAD_TIMEOUT_MS": "120000", "CHECKOUT_BODY_TIMEOUT_MS": "120000",
                           "CHECKOUT_WRITE_TIMEOUT_MS": "120000"]
        if explicitMaximum { environment["CHECKOUT_MAX_CONNECTIONS"] = "1000" }
        let service = try ServiceProcess(
            arguments: ["-c", "ulimit -Sn 64; ulimit -Hn 64; exec \"$0\" serve", ServiceProcess.binaryPath],
            environment: environment, executable: "/bin/bash")
        defer { service.stop() }
        // In flight: a head half sent, a body half sent, a 16 MiB file its reader has not read.
        let partialHead = try TestConnection(port: service.port)
        try partialHead.send("GET /healthz HTTP/1.1\r\nHo")
        let partialBody = try TestConnection(port: service.port)
        try partialBody.send("POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"a\"")
        let reader = try TestConnection(port: service.port, timeout: 30, receiveBuffer: 4096)
        try reader.send("GET /assets/large.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        // 80 idle keep-alive clients, one after another: more than the descriptors allow.
        var idle: [TestConnection] = []
        for index in 0..<80 {
            let client = try TestConnection(port: service.port)
            let response = try client.request(Self.healthz)
            #expect(response.status == 200, "idle client \(index)")
            idle.append(client)
        }
        // 100 more at once, each sending its request as soon as it is connected.
        var burst: [TestConnection] = []
        for _ in 0..<100 {
            let client = try TestConnection(port: service.port)
            try client.send(Self.healthz)
            burst.append(client)
        }
        let outcome = FloodOutcome(burst, seconds: 20)
        #expect(outcome.silent == 0, "\(outcome)")
        #expect(outcome.answered > burst.count / 2, "\(outcome)")
        #expect(try TestConnection(port: service.port).request(Self.healthz).status == 200)
        // The oldest idle client was closed to make room.
        #expect(try idle[0].waitForClose())
        // Nothing in flight was cut.
        try partialHead.send("st: x\r\n\r\n")
        #expect(try partialHead.readResponse().status == 200)
        try partialBody.send(":\"bbbbbbbbbbbbbb\"}")
        #expect(try partialBody.readResponse().status >= 400)
        let file = try reader.readResponse()
        #expect(file.status == 200 && file.body.count == SlowReaderBinaryTests.fileSize)
        #expect(service.process.isRunning)
        #expect(service.output().contains("idle keep-alive connections"))
        let metrics = try TestConnection(port: service.port).request("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").text
        let reclaimed = metrics.split(separator: "\n").first { $0.hasPrefix("checkout_http_connections_reclaimed_total ") }
        #expect((reclaimed?.split(separator: " ").last).flatMap { Double($0) } ?? 0 >= 80, "\(reclaimed ?? "no metric")")
    }
}
