import CheckoutHTTP
import Foundation

/// A test client that runs the same request either straight through a responder (no sockets)
/// or over a real loopback connection to a live server, so one test body covers both.
/// Answers are `TestResponse`s with JSON helpers.
public struct InProcessClient: Sendable {
    public enum Transport: Sendable {
        /// Calls the responder in this process, as the server would.
        case inProcess(any HTTPResponder)
        /// Sends HTTP/1.1 over a new connection to 127.0.0.1:`port` per request.
        case live(port: Int)
    }

    public let transport: Transport

    public init(_ transport: Transport) {
        self.transport = transport
    }

    /// A client calling `responder` directly.
    public init(responder: any HTTPResponder) {
        self.transport = .inProcess(responder)
    }

    /// A client of the server listening on `port`.
    public static func live(port: Int) -> InProcessClient {
        InProcessClient(.live(port: port))
    }

    /// Sends one request. `Content-Type: application/json` is added for a non-empty body
    /// unless `headers` sets a Content-Type (an empty value leaves it out).
    public func execute(_ method: HTTPMethod, _ target: String, headers: [String: String] = [:],
                        body: [UInt8] = []) async throws -> TestResponse {
        var fields: [(String, String)] = [("Host", "localhost")]
        var hasContentType = false
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            if name.lowercased() == "content-type" {
                hasContentType = true
                if value.isEmpty { continue }
            }
            fields.append((name, value))
        }
        if !body.isEmpty && !hasContentType { fields.append(("Content-Type", "application/json")) }
        if !body.isEmpty || method == .post || method == .put || method == .patch {
            fields.append(("Content-Length", String(body.count)))
        }
        switch transport {
        case .inProcess(let responder):
            return try await Self.send(method, target, fields, body, to: responder)
        case .live(let port):
            return try await Self.send(method, target, fields, body, port: port)
        }
    }

    public func get(_ target: String, headers: [String: String] = [:]) async throws -> TestResponse {
        try await execute(.get, target, headers: headers)
    }

    public func delete(_ target: String, headers: [String: String] = [:]) async throws -> TestResponse {
        try await execute(.delete, target, headers: headers)
    }

    /// POST with a JSON text body (exactly as given, so tests can send malformed JSON).
    public func post(_ target: String, json: String = "", headers: [String: String] = [:]) async throws -> TestResponse {
        try await execute(.post, target, headers: headers, body: Array(json.utf8))
    }

    /// POST encoding `value` as JSON.
    public func post(_ target: String, encoding value: some Encodable, headers: [String: String] = [:]) async throws -> TestResponse {
        try await execute(.post, target, headers: headers, body: Array(try JSONEncoder().encode(value)))
    }

    /// PATCH with a JSON text body.
    public func patch(_ target: String, json: String, headers: [String: String] = [:]) async throws -> TestResponse {
        try await execute(.patch, target, headers: headers, body: Array(json.utf8))
    }

    private static func send(_ method: HTTPMethod, _ target: String, _ fields: [(String, String)], _ body: [UInt8],
                             to responder: any HTTPResponder) async throws -> TestResponse {
        let context = RequestContext(requestID: "test-" + UUID().uuidString.prefix(8).lowercased(), remoteAddress: "127.0.0.1")
        let request = Request(method: method, target: target, headers: HTTPFields(fields), body: body, context: context)
        let response: Response
        do {
            response = try await responder.respond(to: request)
        } catch let error as any HTTPResponseError {
            // What the server's default renderer answers when no middleware caught it.
            response = PlainTextErrorRenderer().response(for: HTTPServerError(error))
        } catch {
            response = PlainTextErrorRenderer().response(for: HTTPServerError(status: .internalServerError))
        }
        var bytes: [UInt8]
        switch response.body {
        case .bytes(let data): bytes = data
        case .file(let region):
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: region.path))
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(region.offset))
            bytes = Array(try handle.read(upToCount: region.length) ?? Data())
        case .stream(let stream):
            bytes = []
            for await chunk in stream { bytes += chunk }
        }
        if method == .head || !response.status.mayHaveBody { bytes = [] }
        var headers = response.headers.map { ($0.name, $0.value) }
        headers.append(("X-Request-Id", context.requestID))
        return TestResponse(status: response.status.code, reason: response.status.reasonPhrase, headers: headers, body: bytes)
    }

    private static func send(_ method: HTTPMethod, _ target: String, _ fields: [(String, String)], _ body: [UInt8],
                             port: Int) async throws -> TestResponse {
        var head = "\(method) \(target) HTTP/1.1\r\n"
        for (name, value) in fields { head += "\(name): \(value)\r\n" }
        head += "Connection: close\r\n\r\n"
        let bytes = Array(head.utf8) + body
        return try await Blocking.run {
            let connection = try TestConnection(port: port)
            try connection.send(bytes)
            return try connection.readResponse(head: method == .head)
        }
    }
}
