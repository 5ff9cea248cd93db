import CheckoutTesting
import Foundation
import Testing

/// The binary under a tiny descriptor limit and with plain HTTP switched off.
@Suite(.serialized) struct BinaryLimitsTests {
    @Test func connectionFlood_UnderATinyDescriptorLimit_LeavesTheServerServing() throws {
        let port = ServiceProcess.freePort()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cc-flood-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // bash lowers the soft and hard limits, then becomes the server: accept4 meets EMFILE
        // or the connection ceiling long before 150 connections.
        let service = try ServiceProcess(
            arguments: ["-c", "ulimit -Sn 48; ulimit -Hn 48; exec \"$0\" serve", ServiceProcess.binaryPath],
            environment: ["CHECKOUT_HTTP_PORT": String(port), "CHECKOUT_DB": directory + "/db.sqlite",
                          "CHECKOUT_MAX_CONNECTIONS": "1000"],
            executable: "/bin/bash")
        defer { service.stop() }
        let started = Date()
        var flood: [TestConnection] = []
        for _ in 0..<150 {
            if let connection = try? TestConnection(port: port, timeout: 2) { flood.append(connection) }
        }
        for connection in flood { try? connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") }
        // Every connection is answered or closed; none is left waiting in the backlog (idle
        // keep-alive connections holding every descriptor once left dozens silent).
        let outcome = FloodOutcome(flood, seconds: 20)
        #expect(outcome.answered > 0, "\(outcome)")
        #expect(outcome.silent == 0, "\(outcome)")
        flood.removeAll()
        usleep(300_000)
        for _ in 0..<5 {
            let response = try TestConnection(port: port).request("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(response.status == 200)
        }
        #expect(service.process.isRunning)
        // Running out is logged once a second per loop at most: a listener left readable at
        // EMFILE once spun the loop and logged a line per shed connection, millions of times.
        let seconds = Int(Date().timeIntervalSince(started)) + 2
        let warnings = service.output().components(separatedBy: "since the last warning").count - 1
        #expect(warnings > 0)
        #expect(warnings <= seconds * ProcessInfo.processInfo.activeProcessorCount,
                "\(warnings) pressure warnings in about \(seconds) s")
    }

    @Test func httpPortZero_ServesOnlyTLS() throws {
        let certificates = try TestCertificates.shared()
        let tlsPort = ServiceProcess.freePort()
        let service = try ServiceProcess(
            environment: ["CHECKOUT_HTTP_PORT": "0", "CHECKOUT_TLS_CERT": certificates.certificatePath,
                          "CHECKOUT_TLS_KEY": certificates.keyPath],
            httpsPort: tlsPort, waitForHealth: false)
        defer { service.stop() }
        var response: TestResponse?
        for _ in 0..<100 where response == nil {
            response = try? TestConnection(tlsPort: tlsPort, caPath: certificates.caPath)
                .request("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            if response == nil { usleep(50_000) }
        }
        #expect(response?.status == 200)
        #expect(service.output().contains("http=off"))
    }
}
