import CheckoutHTTP
import CheckoutTesting
import CheckoutThreads
import Foundation
import Testing

/// The server over real loopback sockets: keep-alive, pipelining, bodies, limits, timeouts.
@Suite struct ServerLiveTests {
    static let responder = ClosureResponder { request in
        switch request.path {
        case "/echo":
            return Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: .bytes(request.body))
        case "/slow":
            let ms = Int(request.queryItems["ms"] ?? "300") ?? 300
            try await Task.sleep(for: .milliseconds(ms))
            return .text("slow done")
        case "/stream":
            let stream = AsyncStream<[UInt8]> { continuation in
                for part in ["one,", "two,", "three"] { continuation.yield(Array(part.utf8)) }
                continuation.finish()
            }
            return Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .stream(stream))
        case "/request-id":
            return .text(request.context.requestID)
        default:
            return .text("path=\(request.path)")
        }
    }

    @Test(arguments: [false, true]) func keepAlive_Serves100RequestsOnOneConnection(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls) { server in
            let client = try server.connect()
            for i in 0..<100 {
                let response = try client.request("GET /n/\(i) HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(response.status == 200)
                #expect(response.text == "path=/n/\(i)")
                #expect(response.header("Connection") == nil)
            }
        }
    }

    @Test(arguments: [false, true]) func pipelining_AnswersThreeRequestsInOrder(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls) { server in
            let client = try server.connect()
            try client.send("GET /slow?ms=200 HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().text == "slow done")
            #expect(try client.readResponse().text == "path=/b")
            #expect(try client.readResponse().text == "path=/c")
        }
    }

    @Test(arguments: [false, true]) func chunkedUpload_IsDecodedForTheHandler(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls) { server in
            let client = try server.connect()
            let response = try client.request(
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.text == "hello world")
        }
    }

    @Test(arguments: [false, true]) func expectContinue_Sends100BeforeTheBody(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls) { server in
            let client = try server.connect()
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("ping")
            let final = try client.readResponse()
            #expect(final.status == 200)
            #expect(final.text == "ping")
        }
    }

    @Test(arguments: [false, true]) func head_HasContentLengthButNoBody(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls) { server in
            let client = try server.connect()
            let head = try client.request("HEAD /abc HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "\("path=/abc".utf8.count)")
            #expect(head.body.isEmpty)
            // The next response parses cleanly, so no body bytes followed the HEAD answer.
            #expect(try client.request("GET /next HTTP/1.1\r\nHost: x\r\n\r\n").text == "path=/next")
        }
    }

    @Test func everyResponse_CarriesDateAndRequestID() async throws {
        try await TestServer.with(Self.responder) { server in
            let client = try server.connect()
            let given = try client.request("GET /request-id HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123\r\n\r\n")
            #expect(given.header("X-Request-Id") == "abc-123")
            #expect(given.text == "abc-123")
            #expect(given.header("Date")?.hasSuffix("GMT") == true)
            let generated = try client.request("GET /request-id HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(generated.header("X-Request-Id")?.isEmpty == false)
            #expect(generated.header("X-Request-Id") == generated.text)
        }
    }

    @Test(arguments: [false, true]) func streamingBody_IsSentChunked(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls) { server in
            let client = try server.connect()
            let response = try client.request("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.text == "one,two,three")
            #expect(try client.request("GET /after HTTP/1.1\r\nHost: x\r\n\r\n").text == "path=/after")
        }
    }

    @Test(arguments: [false, true]) func http10_ClosesUnlessKeepAliveIsAsked(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls) { server in
            let client = try server.connect()
            let response = try client.request("GET /old HTTP/1.0\r\n\r\n")
            #expect(response.status == 200)
            #expect(try client.waitForClose())
            let kept = try server.connect()
            let first = try kept.request("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(first.header("Connection") == "keep-alive")
            #expect(try kept.request("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").text == "path=/b")
        }
    }

    @Test(arguments: [false, true]) func connectionClose_IsHonoured(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls) { server in
            let client = try server.connect()
            let response = try client.request("GET /bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(response.header("Connection") == "close")
            #expect(try client.waitForClose())
        }
    }

    @Test(arguments: [false, true]) func halfClose_StillGetsTheAnswerThenClose(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls) { server in
            let client = try server.connect()
            try client.send("GET /slow?ms=100 HTTP/1.1\r\nHost: x\r\n\r\n")
            client.shutdownWrite()
            let response = try client.readResponse()
            #expect(response.text == "slow done")
            #expect(try client.waitForClose())
        }
    }

    @Test(arguments: [
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", 413),
        ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 17000))\r\n\r\n", 431),
        ("GET / HTTP/1.1\r\nHost: x\r\n" + (0..<101).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
        ("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Fold: a\r\n  b\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\rb\r\n\r\n", 400),
    ])
    func limits_AnswerTheirStatusThenClose(request: String, status: Int) async throws {
        for tls in [false, true] {
            try await limitCase(request: request, status: status, tls: tls)
        }
    }

    func limitCase(request: String, status: Int, tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls) { server in
            let client = try server.connect()
            let response = try client.request(request)
            #expect(response.status == status)
            #expect(response.header("Connection") == "close")
            #expect(try client.waitForClose())
        }
    }

    @Test(arguments: [false, true]) func bodyOverLimitWhileStreaming_Is413(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls, configure: { $0.limits.maxBodyBytes = 1000 }) { server in
            let client = try server.connect()
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _ in 0..<3 { try client.send("200\r\n" + String(repeating: "z", count: 512) + "\r\n") }
            let response = try client.readResponse()
            #expect(response.status == 413)
        }
    }

    @Test(arguments: [false, true]) func idleConnection_IsClosedAfterTheIdleTimeout(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls, configure: { $0.timeouts.idleMilliseconds = 200 }) { server in
            let client = try server.connect(timeout: 5)
            #expect(try client.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status == 200)
            #expect(try client.waitForClose())
        }
    }

    @Test func silentNewConnection_IsClosedAfterTheFirstRequestTimeout() async throws {
        try await TestServer.with(Self.responder, configure: { $0.timeouts.firstRequestMilliseconds = 200 }) { server in
            let client = try server.connect(timeout: 5)
            #expect(try client.waitForClose())
        }
    }

    @Test(arguments: [false, true]) func slowHead_Gets408AndIsClosed(tls: Bool) async throws {
        try await TestServer.with(Self.responder, tls: tls, configure: { $0.timeouts.headMilliseconds = 300 }) { server in
            let client = try server.connect(timeout: 5)
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(try client.waitForClose())
        }
    }

    @Test func thousandConcurrentConnections_AreAllAnswered() async throws {
        TestLimits.raiseOpenFiles()
        try await TestServer.with(Self.responder) { server in
            var clients: [TestConnection] = []
            for _ in 0..<1000 { clients.append(try server.connect(timeout: 20)) }
            for (i, client) in clients.enumerated() { try client.send("GET /c/\(i) HTTP/1.1\r\nHost: x\r\n\r\n") }
            var answered = 0
            for (i, client) in clients.enumerated() where try client.readResponse().text == "path=/c/\(i)" {
                answered += 1
            }
            #expect(answered == 1000)
        }
    }

    /// Past the maximum with no idle connection to close (each held one is mid-request), a
    /// new connection is closed at once. (Idle ones make room: `IdleReclaimLiveTests`.)
    @Test func connectionsPastTheMaximum_WithNoneIdle_AreClosedAndTheServerStaysUp() async throws {
        try await TestServer.with(Self.responder, configure: { $0.maxConnections = 3 }) { server in
            let held = try (0..<3).map { _ in try server.connect() }
            for client in held { #expect(try client.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status == 200) }
            for client in held { try client.send("GET /busy HTTP/1.1\r\n") }
            let extra = try server.connect(timeout: 5)
            #expect(try extra.waitForClose())
            for client in held { #expect(try client.request("Host: x\r\n\r\n").text == "path=/busy") }
            held.forEach { $0.shutdownWrite() }
            for client in held { _ = try client.waitForClose() }
            // The server stays up and takes connections again once the held ones are gone (a
            // loaded loop may still count them for a moment: poll, never time it).
            var again: String?
            for _ in 0..<100 where again == nil {
                again = try? server.connect().request("GET /again HTTP/1.1\r\nHost: x\r\n\r\n").text
                if again == nil { usleep(100_000) }
            }
            #expect(again == "path=/again")
        }
    }

    @Test func gracefulShutdown_FinishesTheRequestInFlight() async throws {
        let server = try TestServer(responder: Self.responder)
        try await Blocking.run {
            let client = try server.connect()
            try client.send("GET /slow?ms=500 HTTP/1.1\r\nHost: x\r\n\r\n")
            usleep(100_000)
            SystemThread(name: "test-stopper") { server.server.shutdown() }.detach()
            let response = try client.readResponse()
            #expect(response.text == "slow done")
            #expect(response.header("Connection") == "close")
            #expect(try client.waitForClose())
            usleep(100_000)
            #expect(throws: (any Error).self) { try server.connect().request("GET / HTTP/1.1\r\nHost: x\r\n\r\n") }
        }
    }
}
