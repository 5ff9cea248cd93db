/// Why a call to WeChat Pay API v3 failed. None of them changes anything on our side.
public struct WeChatPayClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No connection: refused, DNS, TLS.
        case unreachable
        /// No complete answer within the client's hard deadline.
        case timedOut
        /// The platform answered an error status; `code` and `message` come from its body.
        case platform
        /// A 2xx answer that is unsigned, badly signed, or not the expected JSON.
        case invalidResponse
    }

    public var kind: Kind
    /// The HTTP status of the answer, if any.
    public var status: Int?
    /// The platform's error code (`ORDER_NOT_EXIST`, `ORDERPAID`, `SYSTEM_ERROR`, …).
    public var code: String?
    /// A short reason; never a key, a signature or a whole body.
    public var message: String

    public init(_ kind: Kind, status: Int? = nil, code: String? = nil, _ message: String) {
        self.kind = kind
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String {
        var text = "WeChat Pay \(kind): \(message)"
        if let code { text += " [\(code)]" }
        if let status { text += " (HTTP \(status))" }
        return text
    }
}
