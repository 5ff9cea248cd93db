/// An error the server answers by itself: a request it could not parse (400, 413, 414, 431,
/// 501, 505), a deadline (408), a file it could not open (500), or an error the responder
/// threw that no middleware turned into a response.
public struct HTTPServerError: Sendable {
    public var status: HTTPStatus
    /// Headers the answer must carry (`Allow`, `Retry-After`).
    public var headers: HTTPFields
    /// A short fixed message, safe to show (never request data or internals).
    public var message: String

    public init(status: HTTPStatus, headers: HTTPFields = [:], message: String? = nil) {
        self.status = status
        self.headers = headers
        self.message = message ?? status.reasonPhrase + "."
    }

    /// The server error for a thrown `HTTPResponseError`.
    public init(_ error: any HTTPResponseError) {
        self.init(status: error.status, headers: error.headers, message: error.message)
    }
}

/// Renders the errors the server answers itself. The server knows no API contract, so the
/// app hands its own renderer in through `ServerConfiguration.errorRenderer`; the default
/// answers plain text. The response must keep `error.status` and carry a `.bytes` body.
public protocol HTTPErrorRenderer: Sendable {
    func response(for error: HTTPServerError) -> Response
}

/// The default renderer: `text/plain` with the message, plus the error's headers.
public struct PlainTextErrorRenderer: HTTPErrorRenderer {
    public init() {}

    public func response(for error: HTTPServerError) -> Response {
        var response = Response.text(error.message + "\n", status: error.status)
        for field in error.headers { response.headers[field.name] = field.value }
        return response
    }
}
