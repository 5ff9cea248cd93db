import CheckoutCore
import CheckoutHTTP

extension ErrorCode {
    /// The HTTP status of each contract code: the one place codes become statuses.
    public var status: HTTPStatus {
        switch self {
        case .invalidRequest: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .conflict, .invalidState, .idempotencyKeyReused, .outOfStock: .conflict
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .rateLimited: .tooManyRequests
        case .internal: .internalServerError
        case .badGateway: .badGateway
        case .unavailable: .serviceUnavailable
        }
    }

    /// The code for a status that arrived without one (an `HTTPResponseError` from a lower layer).
    static func forStatus(_ status: HTTPStatus) -> ErrorCode {
        switch status.code {
        case 401: .unauthenticated
        case 403: .forbidden
        case 404: .notFound
        case 405: .methodNotAllowed
        case 409: .conflict
        case 413: .payloadTooLarge
        case 415: .unsupportedMediaType
        case 429: .rateLimited
        case 502: .badGateway
        case 503, 504: .unavailable
        case 400..<500: .invalidRequest
        default: .internal
        }
    }
}
