import CheckoutCore
import CheckoutHTTP

/// The contract's error shape for the errors the server answers by itself (a request it
/// could not parse, a deadline, an error no middleware caught), handed to the server through
/// `ServerConfiguration.errorRenderer`. The body comes from `ErrorRenderer.body`, the one
/// place the JSON error envelope is written; the status stays the server's.
public struct ContractErrorRenderer: HTTPErrorRenderer {
    public init() {}

    public func response(for error: HTTPServerError) -> Response {
        let code = Self.code(for: error.status)
        let message = code == .internal ? ErrorRenderer.internalMessage : error.message
        var response = Response.json(ErrorRenderer.body(CheckoutError(code, message)), status: error.status)
        for field in error.headers { response.headers[field.name] = field.value }
        return response
    }

    /// The contract code: the status's own, except that an unknown method or version (501,
    /// 505) is the caller's mistake, `invalid_request`, not `internal`.
    static func code(for status: HTTPStatus) -> ErrorCode {
        switch status.code {
        case 501, 505: .invalidRequest
        default: ErrorCode.forStatus(status)
        }
    }
}
