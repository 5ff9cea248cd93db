/// A payment platform call that failed. Nothing in the domain changes on one: the caller
/// sees 502 and may retry; background work retries on its next pass.
public struct PaymentProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// No connection: refused, DNS, TLS (the request never reached the platform).
        case unreachable
        /// No answer within the hard deadline (the request may have reached it).
        case timedOut
        /// The platform answered with an error code (`ORDER_NOT_EXIST`, `ORDERPAID`, …).
        case rejected
        /// The answer is not what the protocol promises: unsigned, badly signed or unreadable.
        case invalidResponse
    }

    public var kind: Kind
    /// The platform's error code, when it gave one.
    public var code: String?
    /// The HTTP status of the answer, when there was one.
    public var httpStatus: Int?
    /// A short reason, safe to show (never a key or a body).
    public var message: String

    public init(_ kind: Kind, code: String? = nil, httpStatus: Int? = nil, _ message: String) {
        self.kind = kind
        self.code = code
        self.httpStatus = httpStatus
        self.message = message
    }

    public var description: String {
        var text = "\(kind): \(message)"
        if let code { text += " [\(code)]" }
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        return text
    }

    /// The contract error the API answers: 502 `bad_gateway` naming what happened.
    public var checkoutError: CheckoutError {
        let text: String = switch kind {
        case .unreachable: "The payment platform could not be reached; nothing was changed, retry shortly."
        case .timedOut: "The payment platform did not answer in time; nothing was changed, retry shortly."
        case .rejected: "The payment platform refused the request" + (code.map { " (\($0))" } ?? "") + ": \(message)"
        case .invalidResponse: "The payment platform answered something that could not be verified."
        }
        return CheckoutError(.badGateway, text)
    }
}
