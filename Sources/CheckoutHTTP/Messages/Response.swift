/// A response produced by a handler. The server adds `Date`, `Content-Length` or
/// `Transfer-Encoding`, `Connection` and `X-Request-Id` when it writes it.
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPFields
    public var body: ResponseBody
    /// The route pattern that produced this response, set by the router (for metrics).
    public var route: String?

    public init(status: HTTPStatus = .ok, headers: HTTPFields = [:], body: ResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a UTF-8 text body.
    public static func text(_ text: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: ["Content-Type": contentType], body: .bytes(Array(text.utf8)))
    }

    /// A response whose body is already-encoded JSON.
    public static func json(_ bytes: [UInt8], status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: jsonHeaders, body: .bytes(bytes))
    }

    /// Built once and shared (copy on write): a JSON answer allocates no header storage.
    private static let jsonHeaders: HTTPFields = ["Content-Type": "application/json"]
}

/// What follows the head of a response.
public enum ResponseBody: Sendable {
    /// A body held in memory.
    case bytes([UInt8])
    /// A byte range of a file, sent with `sendfile` (never read whole into memory).
    case file(FileRegion)
    /// A body produced over time, sent chunked (HTTP/1.1) or until close (HTTP/1.0).
    case stream(AsyncStream<[UInt8]>)

    public static let empty = ResponseBody.bytes([])

    /// The length when known in advance.
    public var knownLength: Int? {
        switch self {
        case .bytes(let bytes): bytes.count
        case .file(let region): region.length
        case .stream: nil
        }
    }
}

/// A region of a file on disk for `ResponseBody.file`.
public struct FileRegion: Sendable, Equatable {
    public var path: String
    public var offset: Int
    public var length: Int

    public init(path: String, offset: Int = 0, length: Int) {
        self.path = path
        self.offset = offset
        self.length = length
    }
}
