/// An order, encoded as the contract's order object:
/// `{id, shop_id, user_id, status, items, amount_total, currency, shipping, share_code, scene, note,
/// created_at, expires_at, paid_at, cancelled_at, cancellation_reason, fulfilled_at, completed_at,
/// fulfillment, payment, refunds}` with explicit nulls.
public struct Order: Hashable, Sendable, Codable {
    public var id: String
    public var shopID: String
    public var userID: String
    public var status: OrderStatus
    public var items: [OrderItem]
    public var amountTotal: Int64
    public var currency: Currency
    public var shipping: Shipping
    public var shareCode: String?
    /// The chat scene the order came from (WeChat scene value, e.g. 1008 group chat).
    public var scene: Int?
    public var note: String?
    public var createdAt: Timestamp
    public var expiresAt: Timestamp
    public var paidAt: Timestamp?
    public var cancelledAt: Timestamp?
    public var cancellationReason: CancellationReason?
    public var fulfilledAt: Timestamp?
    public var completedAt: Timestamp?
    public var fulfillment: Fulfillment?
    public var payment: OrderPaymentSummary?
    public var refunds: [OrderRefundSummary]

    public init(id: String, shopID: String, userID: String, status: OrderStatus, items: [OrderItem],
                amountTotal: Int64, currency: Currency, shipping: Shipping, shareCode: String? = nil,
                scene: Int? = nil, note: String? = nil, createdAt: Timestamp, expiresAt: Timestamp,
                paidAt: Timestamp? = nil, cancelledAt: Timestamp? = nil,
                cancellationReason: CancellationReason? = nil, fulfilledAt: Timestamp? = nil,
                completedAt: Timestamp? = nil, fulfillment: Fulfillment? = nil,
                payment: OrderPaymentSummary? = nil, refunds: [OrderRefundSummary] = []) {
        self.id = id
        self.shopID = shopID
        self.userID = userID
        self.status = status
        self.items = items
        self.amountTotal = amountTotal
        self.currency = currency
        self.shipping = shipping
        self.shareCode = shareCode
        self.scene = scene
        self.note = note
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.paidAt = paidAt
        self.cancelledAt = cancelledAt
        self.cancellationReason = cancellationReason
        self.fulfilledAt = fulfilledAt
        self.completedAt = completedAt
        self.fulfillment = fulfillment
        self.payment = payment
        self.refunds = refunds
    }

    /// The total as money.
    public var total: Money { Money(amountTotal, currency) }

    enum CodingKeys: String, CodingKey {
        case id, status, items, currency, shipping, scene, note, fulfillment, payment, refunds
        case shopID = "shop_id"
        case userID = "user_id"
        case amountTotal = "amount_total"
        case shareCode = "share_code"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case paidAt = "paid_at"
        case cancelledAt = "cancelled_at"
        case cancellationReason = "cancellation_reason"
        case fulfilledAt = "fulfilled_at"
        case completedAt = "completed_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(shopID, forKey: .shopID)
        try c.encode(userID, forKey: .userID)
        try c.encode(status, forKey: .status)
        try c.encode(items, forKey: .items)
        try c.encode(amountTotal, forKey: .amountTotal)
        try c.encode(currency, forKey: .currency)
        try c.encode(shipping, forKey: .shipping)
        try c.encode(shareCode, forKey: .shareCode)
        try c.encode(scene, forKey: .scene)
        try c.encode(note, forKey: .note)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(paidAt, forKey: .paidAt)
        try c.encode(cancelledAt, forKey: .cancelledAt)
        try c.encode(cancellationReason, forKey: .cancellationReason)
        try c.encode(fulfilledAt, forKey: .fulfilledAt)
        try c.encode(completedAt, forKey: .completedAt)
        try c.encode(fulfillment, forKey: .fulfillment)
        try c.encode(payment, forKey: .payment)
        try c.encode(refunds, forKey: .refunds)
    }
}
