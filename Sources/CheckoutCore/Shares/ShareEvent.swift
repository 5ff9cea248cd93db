/// Something that moved a shop's counters, published once it is committed (for live streams).
public enum ShareEvent: Hashable, Sendable {
    /// A counted click; `firstVisit` also counts a unique visitor.
    case click(shopID: String, at: Timestamp, firstVisit: Bool)
    /// A share link was made.
    case share(shopID: String, at: Timestamp)
    /// An order was placed and credited to a link.
    case orderCredited(shopID: String, at: Timestamp)
    /// An order was paid (credited or not).
    case paid(PaidOrderEvent)
    /// A refund succeeded on an order credited to a link.
    case refunded(shopID: String, amount: Int64, at: Timestamp)

    public var shopID: String {
        switch self {
        case .click(let shop, _, _), .share(let shop, _), .orderCredited(let shop, _), .refunded(let shop, _, _): shop
        case .paid(let event): event.shopID
        }
    }

    /// When it happened, and what it adds to the shop's counters.
    public var delta: (at: Timestamp, counters: ShareCounters) {
        switch self {
        case .click(_, let at, let first): (at, ShareCounters(clicks: 1, uniqueVisitors: first ? 1 : 0))
        case .share(_, let at): (at, ShareCounters(shares: 1))
        case .orderCredited(_, let at): (at, ShareCounters(orders: 1))
        case .paid(let event):
            (event.paidAt, event.sharerID == nil ? ShareCounters() : ShareCounters(paidOrders: 1, gmv: event.amountTotal))
        case .refunded(_, let amount, let at): (at, ShareCounters(refunded: amount))
        }
    }
}

/// A newly paid order as the live stream shows it (`event: order_paid`); `sequence` orders a
/// shop's events durably and is the stream's event id.
public struct PaidOrderEvent: Hashable, Sendable {
    public var sequence: Int64
    public var shopID: String
    public var orderID: String
    public var amountTotal: Int64
    public var shareCode: String?
    public var scene: Int?
    /// The credited sharer; nil when the order is credited to no link.
    public var sharerID: String?
    public var paidAt: Timestamp

    public init(sequence: Int64, shopID: String, orderID: String, amountTotal: Int64, shareCode: String?,
                scene: Int?, sharerID: String?, paidAt: Timestamp) {
        self.sequence = sequence
        self.shopID = shopID
        self.orderID = orderID
        self.amountTotal = amountTotal
        self.shareCode = shareCode
        self.scene = scene
        self.sharerID = sharerID
        self.paidAt = paidAt
    }
}
