import Foundation

/// A call to QQ's open API that failed: no answer, or an answer with a non-zero `errcode`.
public struct QQPlatformError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case unreachable
        case timedOut
        /// QQ answered `errcode` ≠ 0.
        case refused
        /// Not the JSON QQ promises.
        case invalidResponse
    }

    public var kind: Kind
    public var errcode: Int?
    public var message: String

    public init(_ kind: Kind, errcode: Int? = nil, _ message: String) {
        self.kind = kind
        self.errcode = errcode
        self.message = message
    }

    public var description: String { "\(kind)" + (errcode.map { " errcode \($0)" } ?? "") + ": \(message)" }

    /// `errcode`s that mean the access token is invalid or expired (40001, 40014, 42001).
    public var isInvalidToken: Bool { [40001, 40014, 42001].contains(errcode ?? 0) }

    /// The JSON object of a 200 answer whose `errcode` is absent or 0.
    static func check(status: Int, body: [UInt8]) throws(QQPlatformError) -> [String: Any] {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        if let object, let code = (object["errcode"] as? NSNumber)?.intValue, code != 0 {
            throw QQPlatformError(.refused, errcode: code, String(((object["errmsg"] as? String) ?? "refused").prefix(120)))
        }
        guard status == 200 else { throw QQPlatformError(.invalidResponse, "HTTP \(status)") }
        guard let object else { throw QQPlatformError(.invalidResponse, "not a JSON object") }
        return object
    }
}
