/// One rolled-up counters row: a shop's counters under one `dimension` key in one hour bucket
/// (or all time). Every backend files an event under the same cells, so the rule lives here.
public struct StatsCell: Hashable, Sendable {
    /// The hour bucket of the all-time rows.
    public static let allTime: Int64 = -1
    /// The dimensions filed per hour and all time; the hour dimension has one row per hour.
    public static let keyedDimensions: [StatsDimension] = [.channel, .scene, .sharer, .product]

    public var dimension: StatsDimension
    public var hour: Int64
    /// The dimension's key; "" for none (a click without a scene). The hour row's key is "".
    public var key: String

    public init(dimension: StatsDimension, hour: Int64, key: String) {
        self.dimension = dimension
        self.hour = hour
        self.key = key
    }
}

extension StatsKeys {
    /// The cells an event at `time` with these keys moves: each keyed dimension's hour bucket
    /// and all-time row, then the hour row (nine cells, always in this order, so concurrent
    /// transactions lock them in the same order).
    public func cells(at time: Timestamp) -> [StatsCell] {
        let hour = StatsHour.of(time)
        var cells: [StatsCell] = []
        cells.reserveCapacity(StatsCell.keyedDimensions.count * 2 + 1)
        for dimension in StatsCell.keyedDimensions {
            let key = self.key(dimension, hour: hour) ?? ""
            cells.append(StatsCell(dimension: dimension, hour: hour, key: key))
            cells.append(StatsCell(dimension: dimension, hour: StatsCell.allTime, key: key))
        }
        cells.append(StatsCell(dimension: .hour, hour: hour, key: ""))
        return cells
    }

    /// An event's keys: the link's channel, sharer and product, the order's or click's scene
    /// (normalised), and the credited sharer when one is given.
    public init(_ link: ShareLink, scene: Int?, sharerID: String? = nil) {
        self.init(channel: link.channel, scene: ChatScene.normalize(scene), sharerID: sharerID ?? link.sharerID,
                  productID: link.productID)
    }
}

/// What the order and payment side adds to a link's counters (API.md "Attribution"): both
/// backends apply these inside the transaction that moves them.
public enum ShareLedgerRules {
    /// A credited order counts at placement.
    public static let placement = ShareCounters(orders: 1)

    /// A credited order's payment adds a paid order and its amount.
    public static func payment(amount: Int64) -> ShareCounters { ShareCounters(paidOrders: 1, gmv: amount) }

    /// A succeeded refund counts only on an order credited to a link and counted as paid (not
    /// a payment refunded because it arrived after cancellation).
    public static func refundCounts(creditedSharer: String?, countedAsPaid: Bool) -> Bool {
        creditedSharer != nil && countedAsPaid
    }

    /// Trending counts a product's activity in all scenes (0) and in the event's scene when known.
    public static func activityScenes(_ scene: Int?) -> [Int] {
        [0] + (ChatScene.normalize(scene).map { [$0] } ?? [])
    }
}
