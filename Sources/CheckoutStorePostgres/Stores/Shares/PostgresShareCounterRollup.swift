import CheckoutCore

/// Adds an event's counters to every cell it is filed under (`StatsKeys.cells`), inside the
/// event's own transaction: one statement, nine upserts, the cells always in the same order so
/// concurrent transactions on other replicas lock them in that order too.
enum PostgresShareCounterRollup {
    static let upsert: String = {
        let cells = StatsCell.keyedDimensions.count * 2 + 1
        let values = (0..<cells).map { cell in
            "(" + (1...11).map { "$\(cell * 11 + $0)" }.joined(separator: ", ") + ")"
        }.joined(separator: ", ")
        return """
            INSERT INTO share_counters AS c (shop_id, dimension, hour, key, shares, clicks, unique_visitors, orders,
                paid_orders, gmv, refunded) VALUES \(values)
            ON CONFLICT (shop_id, dimension, hour, key) DO UPDATE SET
                shares = c.shares + excluded.shares, clicks = c.clicks + excluded.clicks,
                unique_visitors = c.unique_visitors + excluded.unique_visitors, orders = c.orders + excluded.orders,
                paid_orders = c.paid_orders + excluded.paid_orders, gmv = c.gmv + excluded.gmv,
                refunded = c.refunded + excluded.refunded
            """
    }()

    /// Files `delta` for `shopID` under `keys` at `time`.
    static func add(_ db: PostgresConnection, shopID: String, keys: StatsKeys, at time: Timestamp,
                    _ delta: ShareCounters) throws {
        let counts: [any PostgresBindable] = [delta.shares, delta.clicks, delta.uniqueVisitors, delta.orders,
                                              delta.paidOrders, delta.gmv, delta.refunded]
        var arguments: [any PostgresBindable] = []
        arguments.reserveCapacity(11 * 9)
        for cell in keys.cells(at: time) {
            arguments += [shopID, cell.dimension.rawValue, cell.hour, cell.key] + counts
        }
        try db.execute(upsert, arguments)
    }

    /// Adds to a product's activity for trending, in all scenes (0) and in `scene` when known: one
    /// statement for both rows (a known scene is never 0, so the two never share a key).
    static func addActivity(_ db: PostgresConnection, shopID: String, productID: String, scene: Int?, at time: Timestamp,
                            clicks: Int64, paidOrders: Int64) throws {
        let hour = StatsHour.of(time)
        let scenes = ShareLedgerRules.activityScenes(scene)
        var arguments: [any PostgresBindable] = []
        arguments.reserveCapacity(6 * scenes.count)
        for sceneKey in scenes { arguments += [shopID, sceneKey, hour, productID, clicks, paidOrders] }
        try db.execute(activityUpsert[scenes.count - 1], arguments)
    }

    /// The activity upsert for one row and for two.
    private static let activityUpsert: [String] = [1, 2].map { rows in
        let values = (0..<rows).map { row in "(" + (1...6).map { "$\(row * 6 + $0)" }.joined(separator: ", ") + ")" }
        return """
            INSERT INTO product_activity AS a (shop_id, scene, hour, product_id, clicks, paid_orders)
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT (shop_id, scene, hour, product_id) DO UPDATE SET
                clicks = a.clicks + excluded.clicks, paid_orders = a.paid_orders + excluded.paid_orders
            """
    }
}
