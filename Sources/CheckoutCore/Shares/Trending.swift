/// `GET /v1/shops/{shop_id}/trending`: products ranked by score = 10 × paid orders + clicks
/// over the last 24 hours (in one scene when given), active products only, ties by product id.
public enum Trending {
    /// Weight of a paid order against a click.
    public static let paidOrderWeight: Int64 = 10
    /// `limit` 1–50, default 10.
    public static let limits = 1...50
    public static let defaultLimit = 10

    /// The hour buckets that make "the last 24 hours" at `now`: the current hour and the 23
    /// before it (hour granularity, as the counters are kept).
    public static func hours(at now: Timestamp) -> ClosedRange<Int64> {
        let hour = StatsHour.of(now)
        return (hour - 23)...hour
    }

    public static func score(clicks: Int64, paidOrders: Int64) -> Int64 {
        paidOrderWeight * paidOrders + clicks
    }

    /// Sorts by score, highest first, then by product id, and keeps `limit`.
    public static func rank(_ entries: [TrendingEntry], limit: Int) -> [TrendingEntry] {
        Array(entries.sorted { a, b in
            a.score != b.score ? a.score > b.score : a.productID < b.productID
        }.prefix(limit))
    }

    /// - Throws: `invalid_request` (`limit`) outside 1–50.
    public static func limit(_ text: String?) throws(CheckoutError) -> Int {
        guard let text else { return defaultLimit }
        guard let value = Int(text), limits.contains(value) else {
            throw .invalidRequest("limit must be between 1 and 50.", param: "limit")
        }
        return value
    }
}

/// A product's recent counts and its trending score.
public struct TrendingEntry: Hashable, Sendable {
    public var productID: String
    public var clicks: Int64
    public var paidOrders: Int64
    public var score: Int64 { Trending.score(clicks: clicks, paidOrders: paidOrders) }

    public init(productID: String, clicks: Int64, paidOrders: Int64) {
        self.productID = productID
        self.clicks = clicks
        self.paidOrders = paidOrders
    }
}
