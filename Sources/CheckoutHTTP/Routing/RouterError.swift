/// Why the router (or the static files) found nothing to answer a request with.
///
/// The app's error funnel (or the server's `HTTPErrorRenderer`) renders it.
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

    /// `Allow` on a 405.
    public var headers: HTTPFields {
        guard let allowHeader else { return [:] }
        return ["Allow": allowHeader]
    }
}
