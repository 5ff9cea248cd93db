import CheckoutCore
import CheckoutSQLite

/// Files a change of a commission's amount in the stats cells of its order's link
/// (`StatsKeys.cells`), in the change's transaction, so `commission` in `GET /v1/stats` is the
/// sum of non-cancelled amounts.
enum CommissionStatsRollup {
    static let upsert: String = {
        let values = Array(repeating: "(?, ?, ?, ?, ?)", count: StatsCell.keyedDimensions.count * 2 + 1)
            .joined(separator: ", ")
        return """
            INSERT INTO share_counters (shop_id, dimension, hour, key, commission) VALUES \(values)
            ON CONFLICT (shop_id, dimension, hour, key) DO UPDATE SET commission = commission + excluded.commission
            """
    }()

    /// Adds `delta` for commission `c` at `time`; nothing when its order names no link.
    static func add(_ db: Database, _ c: Commission, delta: Int64, at time: Timestamp) throws {
        guard delta != 0, let code = c.shareCode, let (link, _) = try ShareLedger.link(db, code: code) else { return }
        let scene = try db.queryOne("SELECT scene FROM orders WHERE id = ?", [c.orderID])?.optionalInt("scene")
        var arguments: [any SQLValueConvertible] = []
        for cell in StatsKeys(link, scene: scene, sharerID: c.sharer).cells(at: time) {
            arguments += [c.shopID, cell.dimension.rawValue, cell.hour, cell.key, delta]
        }
        try db.execute(upsert, arguments)
    }
}
