import CheckoutHTTP
import CheckoutTesting
import Testing

/// Clients that stall in the middle of a TLS handshake (silent, half a ClientHello, or a whole
/// one and then no answer to the server's flight) neither hold the loop nor keep their
/// connection slots: the handshake deadline closes them.
@Suite struct TLSStalledHandshakeLiveTests {
    static let responder = ClosureResponder { request in .text("ok \(request.path)") }
    static let stalled = 24

    /// A real ClientHello, made by a client session over memory BIOs.
    static func clientHello() throws -> [UInt8] {
        let session = try TLSSession(context: TLSContext.makeClient(trustedCAPath: nil), serverName: "localhost")
        _ = try session.handshake()
        return session.drainCiphertext()
    }

    /// `count` connections to the TLS port, each stalled in one of three ways.
    static func stall(_ server: TestServer, count: Int) throws -> [TestConnection] {
        let hello = try clientHello()
        #expect(hello.first == 0x16 && hello.count > 100)
        return try (0..<count).map { index in
            let raw = try server.connectRaw(toTLSPort: true, timeout: 30)
            switch index % 3 {
            case 0: break
            case 1: try raw.send(Array(hello.prefix(hello.count / 2)))
            default: try raw.send(hello)
            }
            return raw
        }
    }

    @Test func stalledHandshakes_DoNotHoldTheLoop() async throws {
        // One loop, a deadline far away: the stalled handshakes stay open through the test.
        try await TestServer.with(Self.responder, tls: true, configure: {
            $0.eventLoopCount = 1
            $0.timeouts.handshakeMilliseconds = 120_000
        }) { server in
            let raws = try Self.stall(server, count: Self.stalled)
            // The server answered each whole ClientHello with its flight and now waits for ours.
            for raw in raws.enumerated().filter({ $0.offset % 3 == 2 }).map(\.element) {
                #expect(try raw.takeBytes()?.first == 0x16)
            }
            for round in 0..<3 {
                #expect(try server.connect().request("GET /during/\(round) HTTP/1.1\r\nHost: x\r\n\r\n").text == "ok /during/\(round)")
            }
            withExtendedLifetime(raws) {}
        }
    }

    @Test func stalledHandshakes_AreClosedAtTheDeadline_AndTheirSlotsServeOthers() async throws {
        // Every connection slot taken by a stalled handshake: the deadline must free them.
        try await TestServer.with(Self.responder, tls: true, configure: {
            $0.eventLoopCount = 1
            $0.maxConnections = Self.stalled
            $0.maxConnectionsIsExplicit = true
            $0.timeouts.handshakeMilliseconds = 1_000
        }) { server in
            let raws = try Self.stall(server, count: Self.stalled)
            for (index, raw) in raws.enumerated() {
                #expect(try raw.waitForClose(), "stalled handshake \(index) was not closed")
            }
            #expect(try server.connect().request("GET /after HTTP/1.1\r\nHost: x\r\n\r\n").text == "ok /after")
        }
    }
}
