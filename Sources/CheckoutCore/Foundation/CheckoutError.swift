/// A domain error: a contract code, a human message and, when one field is at fault, its name.
///
/// `param` uses the request's JSON path (`items[0].quantity`) or a header name (`Idempotency-Key`).
/// Messages never carry internals; they are safe to show to the caller.
public struct CheckoutError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    public var param: String?

    public init(_ code: ErrorCode, _ message: String, param: String? = nil) {
        self.code = code
        self.message = message
        self.param = param
    }

    public var description: String {
        param.map { "\(code.rawValue): \(message) (\($0))" } ?? "\(code.rawValue): \(message)"
    }

    public static func invalidRequest(_ message: String, param: String? = nil) -> CheckoutError {
        CheckoutError(.invalidRequest, message, param: param)
    }

    public static func notFound(_ message: String) -> CheckoutError {
        CheckoutError(.notFound, message)
    }

    public static func invalidState(_ message: String) -> CheckoutError {
        CheckoutError(.invalidState, message)
    }

    public static func outOfStock(_ message: String, param: String? = nil) -> CheckoutError {
        CheckoutError(.outOfStock, message, param: param)
    }

    public static func conflict(_ message: String) -> CheckoutError {
        CheckoutError(.conflict, message)
    }

    public static func unauthenticated(_ message: String) -> CheckoutError {
        CheckoutError(.unauthenticated, message)
    }
}
