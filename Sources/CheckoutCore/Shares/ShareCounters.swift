/// The counters every stats row carries. Money in minor units of the shop's currency.
public struct ShareCounters: Hashable, Sendable {
    public var shares: Int64 = 0
    /// Clicks by people: not HEAD, not crawlers, repeats within the hour folded.
    public var clicks: Int64 = 0
    /// Distinct (viewer, link) pairs whose first click falls in the window.
    public var uniqueVisitors: Int64 = 0
    /// Orders credited to a link, counted at placement.
    public var orders: Int64 = 0
    /// Credited orders paid, counted at payment.
    public var paidOrders: Int64 = 0
    /// Gross paid amount of credited orders.
    public var gmv: Int64 = 0
    /// Amount refunded on credited orders (`gmv` stays gross).
    public var refunded: Int64 = 0

    public init(shares: Int64 = 0, clicks: Int64 = 0, uniqueVisitors: Int64 = 0, orders: Int64 = 0,
                paidOrders: Int64 = 0, gmv: Int64 = 0, refunded: Int64 = 0) {
        self.shares = shares
        self.clicks = clicks
        self.uniqueVisitors = uniqueVisitors
        self.orders = orders
        self.paidOrders = paidOrders
        self.gmv = gmv
        self.refunded = refunded
    }

    /// paid_orders / unique_visitors; 0 without visitors.
    public var conversion: Double {
        uniqueVisitors == 0 ? 0 : Double(paidOrders) / Double(uniqueVisitors)
    }

    /// Field-wise sum.
    public static func + (lhs: ShareCounters, rhs: ShareCounters) -> ShareCounters {
        ShareCounters(shares: lhs.shares + rhs.shares, clicks: lhs.clicks + rhs.clicks,
                      uniqueVisitors: lhs.uniqueVisitors + rhs.uniqueVisitors, orders: lhs.orders + rhs.orders,
                      paidOrders: lhs.paidOrders + rhs.paidOrders, gmv: lhs.gmv + rhs.gmv,
                      refunded: lhs.refunded + rhs.refunded)
    }

    public static func += (lhs: inout ShareCounters, rhs: ShareCounters) {
        lhs = lhs + rhs
    }
}
