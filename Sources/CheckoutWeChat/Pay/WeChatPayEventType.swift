/// A notification's `event_type`. Unknown types are kept, not rejected, so the callback can
/// store and acknowledge them.
public struct WeChatPayEventType: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A payment succeeded.
    public static let transactionSuccess = WeChatPayEventType(rawValue: "TRANSACTION.SUCCESS")
    /// A refund succeeded.
    public static let refundSuccess = WeChatPayEventType(rawValue: "REFUND.SUCCESS")
    /// A refund failed and needs manual handling.
    public static let refundAbnormal = WeChatPayEventType(rawValue: "REFUND.ABNORMAL")
    /// A refund was closed.
    public static let refundClosed = WeChatPayEventType(rawValue: "REFUND.CLOSED")

    /// Whether this is a `TRANSACTION.*` event.
    public var isTransaction: Bool { rawValue.hasPrefix("TRANSACTION.") }
    /// Whether this is a `REFUND.*` event.
    public var isRefund: Bool { rawValue.hasPrefix("REFUND.") }

    public var description: String { rawValue }
}
