/// A refund of (part of) an order's payment. Encodes as the contract's refund object:
/// `{id, order_id, amount, currency, status, reason, created_at, settled_at}`.
public struct Refund: Hashable, Sendable, Encodable {
    public enum Status: String, Hashable, Sendable, Codable {
        /// Submitted, or waiting to be (re)submitted; counts against the paid amount.
        case pending
        /// The money is back with the payer.
        case succeeded
        /// Closed or abnormal at the platform; no longer counts against the paid amount.
        case failed
    }

    /// Why the refund exists.
    public enum Origin: String, Hashable, Sendable, Codable {
        /// The shop asked for it.
        case merchant
        /// The order was paid after it was cancelled or expired: the whole payment goes back.
        case paidAfterCancellation = "paid_after_cancellation"
    }

    public var id: String
    public var orderID: String
    public var paymentID: String
    public var amount: Int64
    public var currency: Currency
    public var status: Status
    public var origin: Origin
    public var reason: String?
    /// Whether the platform has accepted the submission.
    public var submitted: Bool
    public var createdAt: Timestamp
    public var settledAt: Timestamp?

    public init(id: String, orderID: String, paymentID: String, amount: Int64, currency: Currency, status: Status,
                origin: Origin, reason: String?, submitted: Bool, createdAt: Timestamp, settledAt: Timestamp?) {
        self.id = id
        self.orderID = orderID
        self.paymentID = paymentID
        self.amount = amount
        self.currency = currency
        self.status = status
        self.origin = origin
        self.reason = reason
        self.submitted = submitted
        self.createdAt = createdAt
        self.settledAt = settledAt
    }

    enum CodingKeys: String, CodingKey {
        case id, amount, currency, status, origin, reason
        case orderID = "order_id"
        case createdAt = "created_at"
        case settledAt = "settled_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(orderID, forKey: .orderID)
        try c.encode(amount, forKey: .amount)
        try c.encode(currency, forKey: .currency)
        try c.encode(status, forKey: .status)
        try c.encode(origin, forKey: .origin)
        try c.encode(reason, forKey: .reason)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(settledAt, forKey: .settledAt)
    }

    /// The summary shown in an order's `refunds`.
    public var summary: OrderRefundSummary {
        OrderRefundSummary(id: id, amount: amount, status: status.rawValue)
    }
}
