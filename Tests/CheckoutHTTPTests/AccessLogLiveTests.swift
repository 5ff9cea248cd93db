import CheckoutHTTP
import CheckoutTesting
import Foundation
import CheckoutThreads
import Testing

/// The access log over real sockets: one line per answered request, in order, handed to the
/// log as whole lines, per loop wake-up.
@Suite struct AccessLogLiveTests {
    /// Keeps every `write` the loop made.
    final class RecordingAccessLog: AccessLog {
        let writes = Locked<[[UInt8]]>([])

        func append(_ entry: AccessLogEntry, to buffer: inout [UInt8]) {
            buffer.append(contentsOf: "\(entry.requestID) \(entry.message)\n".utf8)
        }

        func write(_ lines: UnsafeRawBufferPointer) {
            writes.withLock { $0.append(Array(lines)) }
        }

        var lines: [String] {
            writes.withLock { $0 }.flatMap { String(decoding: $0, as: UTF8.self).split(separator: "\n").map(String.init) }
        }
    }

    static func responder() -> RouterResponder {
        let router = Router()
        router.onInline(.get, "/healthz") { _ in .text("ok") }
        router.get("/items/{id}") { request in .text("item \(request.parameters["id"] ?? "")") }
        return router.buildResponder()
    }

    @Test(arguments: [false, true]) func pipelinedRequests_GetOneLineEachInOrder(tls: Bool) async throws {
        let log = RecordingAccessLog()
        try await TestServer.with(Self.responder(), tls: tls, configure: { $0.accessLog = log }) { server in
            let client = try server.connect()
            try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: r-1\r\n\r\n"
                + "GET /items/42 HTTP/1.1\r\nHost: x\r\nX-Request-Id: r-2\r\n\r\n"
                + "GET /missing HTTP/1.1\r\nHost: x\r\nX-Request-Id: r-3\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            #expect(try client.readResponse().text == "item 42")
            #expect(try client.readResponse().status == 404)
            // The lines are written when the loop finishes its round, just after the answers left.
            let deadline = Date().addingTimeInterval(10)
            while log.lines.count < 3 && Date() < deadline { usleep(10_000) }
        }
        let lines = log.lines
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("r-1 GET /healthz 200 2B ") == true, "\(lines)")
        #expect(lines.dropFirst().first?.hasPrefix("r-2 GET /items/42 200 7B ") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("r-3 GET /missing 404 ") == true, "\(lines)")
        #expect(lines.allSatisfy { $0.hasSuffix("ms") }, "\(lines)")
        #expect(log.writes.withLock { $0 }.allSatisfy { $0.last == UInt8(ascii: "\n") }, "only whole lines are written")
    }

    @Test func entryMessage_IsMethodPathStatusBytesAndMilliseconds() {
        let entry = AccessLogEntry(method: .post, path: "/v1/orders", status: 201, bodyBytes: 1_234,
                                   durationMicroseconds: 12_999, requestID: "r")
        #expect(entry.message == "POST /v1/orders 201 1234B 12ms")
    }
}
