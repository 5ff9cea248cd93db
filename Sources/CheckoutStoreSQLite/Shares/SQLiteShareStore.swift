import CheckoutCore
import CheckoutSQLite

/// `ShareStore` on SQLite: links and their counters in one writer job each, the clicks waiting
/// for the writer in one job together (`WriteBatcher`); stats read the rolled-up rows only.
public struct SQLiteShareStore: ShareStore {
    let storage: SQLiteStorage

    public init(_ storage: SQLiteStorage) {
        self.storage = storage
    }

    public func create(_ link: ShareLink, commit: IdempotentCommit<ShareLink>?) async throws -> IdempotentOutcome<ShareLink> {
        try await storage.write(commit) { db in
            guard try db.queryOne("SELECT 1 FROM shops WHERE id = ?", [link.shopID]) != nil else {
                throw CheckoutError.invalidRequest("No such shop: \(link.shopID).", param: "shop_id")
            }
            guard try db.queryOne("SELECT 1 FROM products WHERE id = ? AND shop_id = ? AND active = 1",
                                  [link.productID, link.shopID]) != nil else {
                throw CheckoutError.invalidRequest("product_id is not an active product of this shop.", param: "product_id")
            }
            try db.execute("""
                INSERT INTO share_links (code, shop_id, product_id, sharer_id, channel, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, [link.code, link.shopID, link.productID, link.sharerID, link.channel.rawValue,
                      link.createdAt.milliseconds])
            try ShareCounterRollup.add(db, shopID: link.shopID, keys: StatsKeys(link, scene: nil),
                                       at: link.createdAt, ShareCounters(shares: 1))
            return link
        }
    }

    public func link(code: String) async throws -> ShareLink? {
        try await storage.read { db in try ShareLedger.link(db, code: code)?.link }
    }

    /// Joins the next click job (`SQLiteStorage.clickBatcher`): answered after the COMMIT that holds the click.
    public func recordClick(_ click: ShareClick) async throws -> (link: ShareLink, outcome: ClickRule.Outcome)? {
        try await storage.clickBatcher.submit(click, on: storage)
    }

    public func links(sharerID: String, page: PageRequest) async throws -> Page<ShareLinkSummary> {
        try await storage.read { db in
            var cursor: (Int64, String)?
            if let after = page.startingAfter {
                guard let row = try db.queryOne("SELECT created_at FROM share_links WHERE code = ? AND sharer_id = ?",
                                                [after, sharerID]) else {
                    throw CheckoutError.invalidRequest("starting_after is not an object of this list.", param: "starting_after")
                }
                cursor = (try row.int64("created_at"), after)
            }
            // `shares` of one link is the link itself.
            var sql = "SELECT \(SQLiteShareRecords.linkColumns), 1 AS shares, clicks, unique_visitors, orders, paid_orders, gmv, refunded FROM share_links WHERE sharer_id = ?"
            var arguments: [any SQLValueConvertible] = [sharerID]
            if let cursor {
                sql += " AND (created_at < ? OR (created_at = ? AND code < ?))"
                arguments += [cursor.0, cursor.0, cursor.1]
            }
            sql += " ORDER BY created_at DESC, code DESC LIMIT ?"
            arguments.append(page.limit + 1)
            let rows = try db.query(sql, arguments).map { row in
                ShareLinkSummary(link: try SQLiteShareRecords.link(row), counters: try SQLiteShareRecords.counters(row))
            }
            return Page(fetched: rows, limit: page.limit)
        }
    }

    public func stats(shopID: String, by dimension: StatsDimension, hours: ClosedRange<Int64>?) async throws -> [StatsRow] {
        try await storage.read { db in
            let sums = "sum(shares) AS shares, sum(clicks) AS clicks, sum(unique_visitors) AS unique_visitors, "
                + "sum(orders) AS orders, sum(paid_orders) AS paid_orders, sum(gmv) AS gmv, sum(refunded) AS refunded, "
                + "sum(commission) AS commission"
            let rows: [Row]
            switch (dimension, hours) {
            case (.hour, let hours):
                let range = hours ?? Int64(0)...Int64.max
                rows = try db.query("""
                    SELECT hour AS key, \(SQLiteShareRecords.counterColumns), commission FROM share_counters
                    WHERE shop_id = ? AND dimension = 'hour' AND hour BETWEEN ? AND ? ORDER BY hour
                    """, [shopID, range.lowerBound, range.upperBound])
                return try rows.map { row in
                    StatsRow(key: Timestamp(seconds: try row.int64("key") * 3600).rfc3339,
                             counters: try SQLiteShareRecords.counters(row), commission: try row.int64("commission"))
                }
            case (_, nil):
                rows = try db.query("""
                    SELECT key, \(SQLiteShareRecords.counterColumns), commission FROM share_counters
                    WHERE shop_id = ? AND dimension = ? AND hour = -1 ORDER BY key
                    """, [shopID, dimension.rawValue])
            case (_, let hours?):
                rows = try db.query("""
                    SELECT key, \(sums) FROM share_counters
                    WHERE shop_id = ? AND dimension = ? AND hour BETWEEN ? AND ? GROUP BY key ORDER BY key
                    """, [shopID, dimension.rawValue, max(hours.lowerBound, 0), hours.upperBound])
            }
            return try rows.map { row in
                let key = try row.string("key")
                return StatsRow(key: key.isEmpty ? nil : key, counters: try SQLiteShareRecords.counters(row),
                                commission: try row.int64("commission"))
            }
        }
    }

    public func trending(shopID: String, scene: Int?, hours: ClosedRange<Int64>, limit: Int) async throws -> [TrendingEntry] {
        try await storage.read { db in
            try db.query("""
                SELECT a.product_id, sum(a.clicks) AS clicks, sum(a.paid_orders) AS paid_orders
                FROM product_activity a JOIN products p ON p.id = a.product_id AND p.active = 1
                WHERE a.shop_id = ? AND a.scene = ? AND a.hour BETWEEN ? AND ?
                GROUP BY a.product_id
                ORDER BY 10 * sum(a.paid_orders) + sum(a.clicks) DESC, a.product_id LIMIT ?
                """, [shopID, scene ?? 0, hours.lowerBound, hours.upperBound, limit]).map { row in
                TrendingEntry(productID: try row.string("product_id"), clicks: try row.int64("clicks"),
                              paidOrders: try row.int64("paid_orders"))
            }
        }
    }

    public func paidEvents(shopID: String, after sequence: Int64, limit: Int) async throws -> [PaidOrderEvent] {
        try await storage.read { db in
            try db.query("""
                SELECT * FROM (SELECT seq, shop_id, order_id, amount_total, share_code, scene, sharer_id, paid_at
                    FROM paid_order_events WHERE shop_id = ? AND seq > ? ORDER BY seq DESC LIMIT ?) ORDER BY seq
                """, [shopID, sequence, limit]).map(SQLiteShareRecords.paidEvent)
        }
    }

    public func paidEvent(orderID: String) async throws -> PaidOrderEvent? {
        try await storage.read { db in
            try db.queryOne("""
                SELECT seq, shop_id, order_id, amount_total, share_code, scene, sharer_id, paid_at
                FROM paid_order_events WHERE order_id = ?
                """, [orderID]).map(SQLiteShareRecords.paidEvent)
        }
    }

    public func creditedShop(orderID: String) async throws -> String? {
        try await storage.read { db in
            try db.queryOne("SELECT shop_id FROM orders WHERE id = ? AND sharer_id IS NOT NULL", [orderID])?.string("shop_id")
        }
    }

    public func latestPaidSequence(shopID: String) async throws -> Int64 {
        try await storage.read { db in
            try db.queryOne("SELECT coalesce(max(seq), 0) AS seq FROM paid_order_events WHERE shop_id = ?",
                            [shopID])?.int64("seq") ?? 0
        }
    }

    public func saveLiveToken(hash: String, shopID: String, expiresAt: Timestamp, commit: IdempotentCommit<Timestamp>?)
        async throws -> IdempotentOutcome<Timestamp> {
        try await storage.write(commit) { db in
            try db.execute("DELETE FROM live_tokens WHERE expires_at < ?", [expiresAt.adding(seconds: -LiveTokens.lifetimeSeconds).milliseconds])
            try db.execute("INSERT INTO live_tokens (token_hash, shop_id, expires_at) VALUES (?, ?, ?)",
                           [hash, shopID, expiresAt.milliseconds])
            return expiresAt
        }
    }

    public func liveTokenShop(hash: String, now: Timestamp) async throws -> String? {
        try await storage.read { db in
            try db.queryOne("SELECT shop_id FROM live_tokens WHERE token_hash = ? AND expires_at > ?",
                            [hash, now.milliseconds])?.string("shop_id")
        }
    }
}
