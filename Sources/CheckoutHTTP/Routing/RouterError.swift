/// Why the router (or the static files) found nothing to answer a request with.
///
/// Each case renders a small JSON error body in the API's shape; the API layer may re-render it.
public enum RouterError: HTTPResponseError, Equatable {
    /// No route or file at this path: 404 `not_found`.
    case notFound
    /// The path exists for other methods only: 405 `method_not_allowed` with an `Allow` header.
    case methodNotAllowed(allowed: [HTTPMethod])
    /// The path has a malformed percent-escape, a NUL or non-UTF-8 bytes: 400 `invalid_request`.
    case invalidPath

    public var status: HTTPStatus {
        switch self {
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .invalidPath: .badRequest
        }
    }

    /// The contract error code (API.md) for this error.
    public var code: String {
        switch self {
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .invalidPath: "invalid_request"
        }
    }

    /// A human-readable message without request data in it.
    public var message: String {
        switch self {
        case .notFound: "Nothing is served at this path."
        case .methodNotAllowed: "This path does not support the request method."
        case .invalidPath: "The request path is malformed."
        }
    }

    /// The value of the `Allow` header for a 405 (RFC 9110 §15.5.6), else `nil`.
    public var allowHeader: String? {
        guard case .methodNotAllowed(let allowed) = self else { return nil }
        return allowed.map(\.rawValue).joined(separator: ", ")
    }

    public func response() -> Response {
        // Code and message are fixed ASCII without quotes or backslashes: no escaping needed.
        let body = #"{"error":{"code":"\#(code)","message":"\#(message)"}}"#
        var response = Response.json(Array(body.utf8), status: status)
        if let allowHeader { response.headers["Allow"] = allowHeader }
        return response
    }
}
