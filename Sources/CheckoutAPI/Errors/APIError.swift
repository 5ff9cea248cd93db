import CheckoutCore
import CheckoutHTTP

/// A contract error raised by the HTTP layer itself, with the response headers it needs
/// (`WWW-Authenticate`, `Allow`, `Retry-After`). Domain code throws `CheckoutError` instead.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var error: CheckoutError
    public var headers: HTTPFields

    public init(_ code: ErrorCode, _ message: String, param: String? = nil, headers: HTTPFields = [:]) {
        self.error = CheckoutError(code, message, param: param)
        self.headers = headers
    }

    public var description: String { error.description }

    /// 401 `unauthenticated` with `WWW-Authenticate: Bearer` (RFC 6750 §3).
    public static func unauthenticated(_ message: String, invalidToken: Bool = false) -> APIError {
        let challenge = invalidToken ? #"Bearer realm="chatcheckout", error="invalid_token""# : #"Bearer realm="chatcheckout""#
        return APIError(.unauthenticated, message, headers: ["WWW-Authenticate": challenge])
    }

    /// 403 `forbidden`: a valid token of the wrong kind for the route.
    public static func forbidden(_ message: String) -> APIError {
        APIError(.forbidden, message)
    }

    /// 415 `unsupported_media_type`.
    public static func unsupportedMediaType(_ message: String = "The request body must be application/json.") -> APIError {
        APIError(.unsupportedMediaType, message)
    }

    /// 400 `invalid_request`.
    public static func invalidRequest(_ message: String, param: String? = nil) -> APIError {
        APIError(.invalidRequest, message, param: param)
    }
}
