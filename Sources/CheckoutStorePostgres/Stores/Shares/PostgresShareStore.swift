import CheckoutCore

/// `ShareStore` on PostgreSQL: links, clicks and their counters in one transaction each; stats
/// read the rolled-up rows only. A viewer's repeat clicks are folded under the row lock of
/// their `share_visitors` row, so two replicas never count one viewer's click twice.
public struct PostgresShareStore: ShareStore {
    let storage: PostgresStorage

    public init(_ storage: PostgresStorage) {
        self.storage = storage
    }

    public func create(_ link: ShareLink, commit: IdempotentCommit<ShareLink>?) async throws -> IdempotentOutcome<ShareLink> {
        try await storage.write(commit) { db in
            guard try db.queryOne("SELECT 1 FROM shops WHERE id = $1", [link.shopID]) != nil else {
                throw CheckoutError.invalidRequest("No such shop: \(link.shopID).", param: "shop_id")
            }
            guard try db.queryOne("SELECT 1 FROM products WHERE id = $1 AND shop_id = $2 AND active",
                                  [link.productID, link.shopID]) != nil else {
                throw CheckoutError.invalidRequest("product_id is not an active product of this shop.", param: "product_id")
            }
            try db.execute("""
                INSERT INTO share_links (code, shop_id, product_id, sharer_id, channel, created_at) VALUES ($1, $2, $3, $4, $5, $6)
                """, [link.code, link.shopID, link.productID, link.sharerID, link.channel.rawValue, link.createdAt])
            try PostgresShareCounterRollup.add(db, shopID: link.shopID, keys: StatsKeys(link, scene: nil),
                                               at: link.createdAt, ShareCounters(shares: 1))
            return link
        }
    }

    public func link(code: String) async throws -> ShareLink? {
        try await storage.read { db in try PostgresShareRecords.link(db, code: code)?.link }
    }

    public func recordClick(_ click: ShareClick) async throws -> (link: ShareLink, outcome: ClickRule.Outcome)? {
        try await storage.write { db in
            guard let link = try db.queryOne("""
                UPDATE share_links SET last_click_at = greatest(last_click_at, $2) WHERE code = $1
                RETURNING \(PostgresShareRecords.linkColumns)
                """, [click.code, click.at]).map(PostgresShareRecords.link) else { return nil }
            // Claims the viewer's row (inserting it for a first visit), then decides under its lock.
            let claimed = try db.queryOne("""
                INSERT INTO share_visitors (code, viewer, first_at, counted_at) VALUES ($1, $2, $3, $3)
                ON CONFLICT (code, viewer) DO NOTHING RETURNING 1 AS inserted
                """, [click.code, click.viewer, click.at]) != nil
            let outcome: ClickRule.Outcome
            if claimed {
                outcome = .firstVisit
            } else {
                let last = try db.queryOne("SELECT counted_at FROM share_visitors WHERE code = $1 AND viewer = $2 FOR UPDATE",
                                           [click.code, click.viewer])?.timestamp("counted_at")
                outcome = ClickRule.outcome(lastCountedAt: last, now: click.at)
                guard outcome != .repeatClick else { return (link, outcome) }
                try db.execute("UPDATE share_visitors SET counted_at = $3 WHERE code = $1 AND viewer = $2",
                               [click.code, click.viewer, click.at])
            }
            let first = outcome == .firstVisit
            try db.execute("UPDATE share_links SET clicks = clicks + 1, unique_visitors = unique_visitors + $2 WHERE code = $1",
                           [click.code, first ? 1 : 0])
            try PostgresShareCounterRollup.add(db, shopID: link.shopID, keys: StatsKeys(link, scene: click.scene),
                                               at: click.at, ShareCounters(clicks: 1, uniqueVisitors: first ? 1 : 0))
            try PostgresShareCounterRollup.addActivity(db, shopID: link.shopID, productID: link.productID,
                                                       scene: click.scene, at: click.at, clicks: 1, paidOrders: 0)
            return (link, outcome)
        }
    }

    public func links(sharerID: String, page: PageRequest) async throws -> Page<ShareLinkSummary> {
        try await storage.read { db in
            var arguments: [any PostgresBindable] = [sharerID]
            // `shares` of one link is the link itself.
            var sql = """
                SELECT \(PostgresShareRecords.linkColumns), 1::bigint AS shares, clicks, unique_visitors, orders,
                    paid_orders, gmv, refunded FROM share_links WHERE sharer_id = $1
                """
            if let after = page.startingAfter {
                guard let row = try db.queryOne("SELECT created_at FROM share_links WHERE code = $1 AND sharer_id = $2",
                                                [after, sharerID]) else {
                    throw CheckoutError.invalidRequest("starting_after is not an object of this list.", param: "starting_after")
                }
                arguments += [try row.timestamp("created_at"), after]
                sql += " AND (created_at, code) < ($2, $3)"
            }
            arguments.append(page.limit + 1)
            sql += " ORDER BY created_at DESC, code DESC LIMIT $\(arguments.count)"
            let rows = try db.query(sql, arguments).map { row in
                ShareLinkSummary(link: try PostgresShareRecords.link(row), counters: try PostgresShareRecords.counters(row))
            }
            return Page(fetched: rows, limit: page.limit)
        }
    }

    public func stats(shopID: String, by dimension: StatsDimension, hours: ClosedRange<Int64>?) async throws -> [StatsRow] {
        try await storage.read { db in
            switch (dimension, hours) {
            case (.hour, let hours):
                let range = hours ?? Int64(0)...Int64.max
                return try db.query("""
                    SELECT hour, \(PostgresShareRecords.statsColumns) FROM share_counters
                    WHERE shop_id = $1 AND dimension = 'hour' AND hour BETWEEN $2 AND $3 ORDER BY hour
                    """, [shopID, range.lowerBound, range.upperBound]).map { row in
                    try PostgresShareRecords.statsRow(row, key: Timestamp(seconds: try row.int64("hour") * 3600).rfc3339)
                }
            case (_, nil):
                return try Self.keyed(db.query("""
                    SELECT key, \(PostgresShareRecords.statsColumns) FROM share_counters
                    WHERE shop_id = $1 AND dimension = $2 AND hour = \(StatsCell.allTime) ORDER BY key COLLATE "C"
                    """, [shopID, dimension.rawValue]))
            case (_, let hours?):
                return try Self.keyed(db.query("""
                    SELECT key, \(PostgresShareRecords.counterSums) FROM share_counters
                    WHERE shop_id = $1 AND dimension = $2 AND hour BETWEEN $3 AND $4 GROUP BY key ORDER BY key COLLATE "C"
                    """, [shopID, dimension.rawValue, max(hours.lowerBound, 0), hours.upperBound]))
            }
        }
    }

    private static func keyed(_ rows: [PostgresRow]) throws -> [StatsRow] {
        try rows.map { row in
            let key = try row.string("key")
            return try PostgresShareRecords.statsRow(row, key: key.isEmpty ? nil : key)
        }
    }

    public func trending(shopID: String, scene: Int?, hours: ClosedRange<Int64>, limit: Int) async throws -> [TrendingEntry] {
        try await storage.read { db in
            try db.query("""
                SELECT a.product_id, sum(a.clicks)::bigint AS clicks, sum(a.paid_orders)::bigint AS paid_orders
                FROM product_activity a JOIN products p ON p.id = a.product_id AND p.active
                WHERE a.shop_id = $1 AND a.scene = $2 AND a.hour BETWEEN $3 AND $4
                GROUP BY a.product_id
                ORDER BY 10 * sum(a.paid_orders) + sum(a.clicks) DESC, a.product_id COLLATE "C" LIMIT $5
                """, [shopID, scene ?? 0, hours.lowerBound, hours.upperBound, limit]).map { row in
                TrendingEntry(productID: try row.string("product_id"), clicks: try row.int64("clicks"),
                              paidOrders: try row.int64("paid_orders"))
            }
        }
    }
}
