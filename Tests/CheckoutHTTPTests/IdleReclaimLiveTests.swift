import CheckoutHTTP
import CheckoutTesting
import Foundation
import Synchronization
import Testing

/// At its connection ceiling the server closes idle keep-alive connections, oldest first, to
/// answer new clients; connections with a request, a response, a stream or a TLS handshake in
/// progress are never cut.
@Suite struct IdleReclaimLiveTests {
    static let bigBody = [UInt8](repeating: 0x61, count: 8 << 20)
    static let ceiling = 10
    static let request = "GET /x HTTP/1.1\r\nHost: x\r\n\r\n"

    /// Held handlers and streams go on once it opens.
    final class Gate: Sendable {
        private let opened = Atomic<Bool>(false)
        var isOpen: Bool { opened.load(ordering: .relaxed) }
        func open() { opened.store(true, ordering: .relaxed) }
    }

    /// `/hold` answers once `released`; `/stream` sends "first", then "last" once `released`.
    static func responder(released: Gate) -> ClosureResponder {
        ClosureResponder { request in
            switch request.path {
            case "/big":
                return Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: .bytes(bigBody))
            case "/hold":
                while !released.isOpen { try await Task.sleep(for: .milliseconds(5)) }
                return .text("held")
            case "/stream":
                let step = Atomic<Int>(0)
                let stream = AsyncStream<[UInt8]>(unfolding: {
                    switch step.add(1, ordering: .relaxed).newValue {
                    case 1: return Array("first".utf8)
                    case 2:
                        while !released.isOpen && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
                        return Array("last".utf8)
                    default: return nil
                    }
                })
                return Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .stream(stream))
            default:
                return .text("ok")
            }
        }
    }

    @Test(arguments: [false, true]) func atTheCeiling_IdleConnectionsMakeRoom_BusyOnesAreNeverCut(tls: Bool) async throws {
        let released = Gate()
        try await TestServer.with(Self.responder(released: released), tls: tls, configure: {
            $0.eventLoopCount = 1
            $0.maxConnections = Self.ceiling
        }) { server in
            defer { released.open() }
            // Busy: a head half sent, a handler still working, a response the client does not
            // read, a live stream, and on TLS a handshake in progress.
            let partial = try server.connect()
            try partial.send("GET /x HTTP/1.1\r\nHo")
            let holding = try server.connect()
            try holding.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n")
            let bigReader = tls
                ? try TestConnection(tlsPort: server.tlsPort!, caPath: server.certificates!.caPath, receiveBuffer: 4096)
                : try TestConnection(port: server.port, receiveBuffer: 4096)
            try bigReader.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            let streaming = try server.connect()
            try streaming.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try Self.read(streaming, until: "first\r\n").contains("first"))
            let handshaking = tls
                ? try TestConnection(tlsPort: server.tlsPort!, caPath: server.certificates!.caPath, handshake: false)
                : nil
            let busy = tls ? 5 : 4
            // Idle keep-alive clients fill the rest.
            var idle: [TestConnection] = []
            for _ in busy..<Self.ceiling {
                let client = try server.connect()
                #expect(try client.request(Self.request).status == 200)
                idle.append(client)
            }
            // Three times the ceiling of new clients: each is answered.
            var newcomers: [TestConnection] = []
            for _ in 0..<(3 * Self.ceiling) {
                let client = try server.connect()
                #expect(try client.request(Self.request).status == 200)
                newcomers.append(client)
            }
            #expect(server.server.reclaimedConnections >= 3 * Self.ceiling)
            #expect(server.server.refusedConnections == 0)
            // The oldest idle ones went first; the newest newcomer keeps its connection.
            for client in idle { #expect(try client.waitForClose()) }
            #expect(try newcomers.last!.request(Self.request).status == 200)
            // Every busy connection is intact.
            try partial.send("st: x\r\n\r\n")
            #expect(try partial.readResponse().status == 200)
            released.open()
            #expect(try holding.readResponse().text == "held")
            let big = try bigReader.readResponse()
            #expect(big.status == 200 && big.body.count == Self.bigBody.count)
            #expect(try Self.read(streaming, until: "last\r\n0\r\n\r\n").hasSuffix("last\r\n0\r\n\r\n"))
            if let handshaking {
                try handshaking.completeHandshake()
                #expect(try handshaking.request(Self.request).status == 200)
            }
        }
    }

    /// What `client` receives until the text ends with `suffix` or the connection closes.
    static func read(_ client: TestConnection, until suffix: String) throws -> String {
        var text = ""
        while !text.hasSuffix(suffix), let bytes = try client.takeBytes() { text += String(decoding: bytes, as: UTF8.self) }
        return text
    }
}
