/// A verified platform report that could not become a payment or a refund as it stood, kept
/// for the shop: `{id, order_id, kind, amount, currency, transaction_id, created_at}`.
public struct PaymentAnomaly: Hashable, Sendable, Encodable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The paid amount or currency differs from the order's total. Never marked paid.
        case amountMismatch = "amount_mismatch"
        /// `out_trade_no` names no order of ours. Never marked paid.
        case unknownOrder = "unknown_order"
        /// The app id or merchant id is not ours. Never marked paid.
        case merchantMismatch = "merchant_mismatch"
        /// Paid after the order was cancelled or expired: recorded and fully refunded.
        case paidAfterCancellation = "paid_after_cancellation"
        /// A second, different transaction for an order already paid.
        case duplicatePayment = "duplicate_payment"
        /// A refund report naming no refund of ours, or with another order or amount.
        case refundMismatch = "refund_mismatch"
    }

    public var id: String
    /// The order named by the report (it may not exist for `unknown_order`).
    public var orderID: String?
    public var shopID: String?
    public var kind: Kind
    /// The amount the platform reported, in minor units.
    public var amount: Int64?
    public var currency: String?
    public var transactionID: String?
    public var createdAt: Timestamp

    public init(id: String, orderID: String?, shopID: String?, kind: Kind, amount: Int64?, currency: String?,
                transactionID: String?, createdAt: Timestamp) {
        self.id = id
        self.orderID = orderID
        self.shopID = shopID
        self.kind = kind
        self.amount = amount
        self.currency = currency
        self.transactionID = transactionID
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, amount, currency
        case orderID = "order_id"
        case transactionID = "transaction_id"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(orderID, forKey: .orderID)
        try c.encode(kind, forKey: .kind)
        try c.encode(amount, forKey: .amount)
        try c.encode(currency, forKey: .currency)
        try c.encode(transactionID, forKey: .transactionID)
        try c.encode(createdAt, forKey: .createdAt)
    }
}

extension IDKind {
    /// Payment anomalies: `pan_…`.
    public static let paymentAnomaly = IDKind(prefix: "pan_")
}
