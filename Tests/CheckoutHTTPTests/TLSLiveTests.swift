import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

/// The TLS port over real sockets: what must not harm the server, and the time limits.
@Suite struct TLSLiveTests {
    static let responder = ClosureResponder { request in .text("tls=\(request.context.isSecure) \(request.path)") }

    @Test func tlsAndPlainPorts_ServeTheSameRoutesAtOnce() async throws {
        try await TestServer.with(Self.responder, tls: true) { server in
            let secure = try server.connect()
            #expect(secure.tlsProtocol == "TLSv1.3")
            #expect(secure.tlsALPN == "http/1.1")
            #expect(try secure.request("GET /a HTTP/1.1\r\nHost: x\r\n\r\n").text == "tls=true /a")
            let plain = try server.connectRaw(toTLSPort: false)
            #expect(try plain.request("GET /b HTTP/1.1\r\nHost: x\r\n\r\n").text == "tls=false /b")
        }
    }

    /// An idle TLS connection's record buffers are freed on the loop's tick (250 ms here);
    /// the next requests on it allocate them again.
    @Test func keepAliveConnection_IsServedAgainAfterItsBuffersWereFreed() async throws {
        try await TestServer.with(Self.responder, tls: true) { server in
            let secure = try server.connect()
            for round in 0..<3 {
                #expect(try secure.request("GET /r\(round) HTTP/1.1\r\nHost: x\r\n\r\n").text == "tls=true /r\(round)")
                Thread.sleep(forTimeInterval: 0.6)  // two ticks idle
            }
        }
    }

    @Test func plaintextToTheTLSPort_IsClosedAndTheServerKeepsServing() async throws {
        try await TestServer.with(Self.responder, tls: true) { server in
            let raw = try server.connectRaw(toTLSPort: true, timeout: 5)
            try raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try raw.waitForClose())
            #expect(try server.connect().request("GET /after HTTP/1.1\r\nHost: x\r\n\r\n").status == 200)
        }
    }

    @Test func truncatedClientHello_IsClosedAtTheHandshakeTimeout() async throws {
        try await TestServer.with(Self.responder, tls: true, configure: { $0.timeouts.handshakeMilliseconds = 300 }) { server in
            let raw = try server.connectRaw(toTLSPort: true, timeout: 5)
            // A TLS record header announcing a 512-byte handshake message, then silence.
            try raw.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03])
            #expect(try raw.waitForClose())
            #expect(try server.connect().request("GET /still HTTP/1.1\r\nHost: x\r\n\r\n").status == 200)
        }
    }

    @Test func silentTLSConnection_IsClosedAtTheHandshakeTimeout() async throws {
        try await TestServer.with(Self.responder, tls: true, configure: { $0.timeouts.handshakeMilliseconds = 300 }) { server in
            let raw = try server.connectRaw(toTLSPort: true, timeout: 5)
            #expect(try raw.waitForClose())
        }
    }

    @Test(arguments: [false, true])
    func peerResetMidResponse_ClosesOnlyThatConnection(tls: Bool) async throws {
        let big = [UInt8](repeating: 0x61, count: 4_000_000)
        let responder = ClosureResponder { _ in Response(status: .ok, body: .bytes(big)) }
        try await TestServer.with(responder, tls: tls) { server in
            for _ in 0..<20 {
                let client = try server.connect()
                try client.send("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                usleep(2_000)
                client.reset()
            }
            usleep(100_000)
            let response = try server.connect().request("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(response.body.count == big.count)
        }
    }

    @Test func staticFileBody_IsEncryptedInPieces() async throws {
        let size = 300_000
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: directory.appendingPathComponent("big.bin"))
        let files = try StaticFileResponder(root: directory.path)
        let responder = ClosureResponder { request in try files.serve(request) }
        try await TestServer.with(responder, tls: true) { server in
            let client = try server.connect()
            let response = try client.request("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.body == bytes)
            #expect(try client.request("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n").body.count == size)
        }
    }
}
