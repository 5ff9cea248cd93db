/// A sharer's commission on one credited order, encoded as the contract's commission object
/// `{id, order_id, sharer, share_code, base, rate_bps, amount, status, available_at, paid_out_at,
/// created_at}` plus `currency`, `adjustment` (what changed after payout) and `payout` (the
/// profit-sharing split, with its failure when it failed).
///
/// Invariant, kept by `Commission+Lifecycle`: the sum of the commission's ledger entries is its
/// `amount`.
public struct Commission: Hashable, Sendable {
    public var id: String
    public var shopID: String
    public var orderID: String
    /// The user credited through the share link.
    public var sharer: String
    public var shareCode: String?
    public var currency: Currency
    public var terms: CommissionTerms
    /// What was paid for the order.
    public var paidAmount: Int64
    /// The paid amount less refunds (pending and succeeded).
    public var base: Int64
    /// `terms.amount(base:)`: what the sale earns now.
    public var amount: Int64
    public var status: CommissionStatus
    /// Fulfilment + `freeze_days`; nil until fulfilled.
    public var availableAt: Timestamp?
    public var paidOutAt: Timestamp?
    /// Σ of differences recorded after payout (≤ 0 when refunds came after the split).
    public var adjustment: Int64
    public var payout: CommissionPayout?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(id: String, shopID: String, orderID: String, sharer: String, shareCode: String?, currency: Currency,
                terms: CommissionTerms, paidAmount: Int64, base: Int64, amount: Int64, status: CommissionStatus,
                availableAt: Timestamp? = nil, paidOutAt: Timestamp? = nil, adjustment: Int64 = 0,
                payout: CommissionPayout? = nil, createdAt: Timestamp, updatedAt: Timestamp) {
        self.id = id
        self.shopID = shopID
        self.orderID = orderID
        self.sharer = sharer
        self.shareCode = shareCode
        self.currency = currency
        self.terms = terms
        self.paidAmount = paidAmount
        self.base = base
        self.amount = amount
        self.status = status
        self.availableAt = availableAt
        self.paidOutAt = paidOutAt
        self.adjustment = adjustment
        self.payout = payout
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The order's effective rate in basis points.
    public var rateBps: Int { terms.effectiveRateBps }
}

extension Commission: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, sharer, base, amount, status, currency, adjustment, payout
        case orderID = "order_id"
        case shareCode = "share_code"
        case rateBps = "rate_bps"
        case availableAt = "available_at"
        case paidOutAt = "paid_out_at"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(orderID, forKey: .orderID)
        try c.encode(sharer, forKey: .sharer)
        try c.encode(shareCode, forKey: .shareCode)
        try c.encode(base, forKey: .base)
        try c.encode(rateBps, forKey: .rateBps)
        try c.encode(amount, forKey: .amount)
        try c.encode(currency, forKey: .currency)
        try c.encode(status, forKey: .status)
        try c.encode(availableAt, forKey: .availableAt)
        try c.encode(paidOutAt, forKey: .paidOutAt)
        try c.encode(adjustment, forKey: .adjustment)
        try c.encode(payout, forKey: .payout)
        try c.encode(createdAt, forKey: .createdAt)
    }
}
