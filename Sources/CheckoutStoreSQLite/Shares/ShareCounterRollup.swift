import CheckoutCore
import CheckoutSQLite

/// Adds an event's counters to every cell it is filed under (`StatsKeys.cells`), inside the
/// event's own transaction. One statement, nine upserts; the seven counts (`?1`–`?7`) and the
/// shop (`?8`) are bound once, then each cell's dimension, hour and key.
enum ShareCounterRollup {
    static let cellCount = StatsCell.keyedDimensions.count * 2 + 1

    static let upsert: String = {
        let values = (0..<cellCount).map { cell in
            let first = 9 + cell * 3
            return "(?8, ?\(first), ?\(first + 1), ?\(first + 2), ?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        }.joined(separator: ", ")
        return """
            INSERT INTO share_counters (shop_id, dimension, hour, key, shares, clicks, unique_visitors, orders,
                paid_orders, gmv, refunded) VALUES \(values)
            ON CONFLICT (shop_id, dimension, hour, key) DO UPDATE SET
                shares = shares + excluded.shares, clicks = clicks + excluded.clicks,
                unique_visitors = unique_visitors + excluded.unique_visitors, orders = orders + excluded.orders,
                paid_orders = paid_orders + excluded.paid_orders, gmv = gmv + excluded.gmv,
                refunded = refunded + excluded.refunded
            """
    }()

    /// Files `delta` for `shopID` under `keys` at `time`.
    static func add(_ db: Database, shopID: String, keys: StatsKeys, at time: Timestamp, _ delta: ShareCounters) throws {
        var arguments: [any SQLValueConvertible] = [delta.shares, delta.clicks, delta.uniqueVisitors, delta.orders,
                                                    delta.paidOrders, delta.gmv, delta.refunded, shopID]
        arguments.reserveCapacity(8 + 3 * cellCount)
        for cell in keys.cells(at: time) {
            arguments.append(cell.dimension.rawValue)
            arguments.append(cell.hour)
            arguments.append(cell.key)
        }
        try db.execute(upsert, arguments)
    }

    /// Adds to a product's activity for trending, in all scenes (0) and in `scene` when known:
    /// one statement for both rows.
    static func addActivity(_ db: Database, shopID: String, productID: String, scene: Int?, at time: Timestamp,
                            clicks: Int64, paidOrders: Int64) throws {
        let scenes = ShareLedgerRules.activityScenes(scene)
        var arguments: [any SQLValueConvertible] = [shopID, StatsHour.of(time), productID, clicks, paidOrders]
        for sceneKey in scenes { arguments.append(sceneKey) }
        try db.execute(activityUpserts[scenes.count - 1], arguments)
    }

    /// The activity upsert for one and for two scenes (`?6`, `?7`).
    static let activityUpserts = (1...2).map { count in
        let values = (0..<count).map { "(?1, ?\(6 + $0), ?2, ?3, ?4, ?5)" }.joined(separator: ", ")
        return """
            INSERT INTO product_activity (shop_id, scene, hour, product_id, clicks, paid_orders) VALUES \(values)
            ON CONFLICT (shop_id, scene, hour, product_id) DO UPDATE SET
                clicks = clicks + excluded.clicks, paid_orders = paid_orders + excluded.paid_orders
            """
    }
}
