import CheckoutCore

/// Paid-order events and live tokens: what live streams read.
extension PostgresShareStore {
    public func paidEvents(shopID: String, after sequence: Int64, limit: Int) async throws -> [PaidOrderEvent] {
        try await storage.read { db in
            try db.query("""
                SELECT * FROM (SELECT \(PostgresShareRecords.paidEventColumns) FROM paid_order_events
                    WHERE shop_id = $1 AND seq > $2 ORDER BY seq DESC LIMIT $3) e ORDER BY seq
                """, [shopID, sequence, limit]).map(PostgresShareRecords.paidEvent)
        }
    }

    public func paidEvent(orderID: String) async throws -> PaidOrderEvent? {
        try await storage.read { db in
            try db.queryOne("SELECT \(PostgresShareRecords.paidEventColumns) FROM paid_order_events WHERE order_id = $1",
                            [orderID]).map(PostgresShareRecords.paidEvent)
        }
    }

    public func creditedShop(orderID: String) async throws -> String? {
        try await storage.read { db in
            try db.queryOne("SELECT shop_id FROM orders WHERE id = $1 AND sharer_id IS NOT NULL", [orderID])?.string("shop_id")
        }
    }

    public func latestPaidSequence(shopID: String) async throws -> Int64 {
        try await storage.read { db in
            try db.queryOne("SELECT coalesce(max(seq), 0)::bigint AS seq FROM paid_order_events WHERE shop_id = $1",
                            [shopID])?.int64("seq") ?? 0
        }
    }

    public func saveLiveToken(hash: String, shopID: String, expiresAt: Timestamp, commit: IdempotentCommit<Timestamp>?)
        async throws -> IdempotentOutcome<Timestamp> {
        try await storage.write(commit) { db in
            try db.execute("DELETE FROM live_tokens WHERE expires_at < $1",
                           [expiresAt.adding(seconds: -LiveTokens.lifetimeSeconds)])
            try db.execute("INSERT INTO live_tokens (token_hash, shop_id, expires_at) VALUES ($1, $2, $3)",
                           [hash, shopID, expiresAt])
            return expiresAt
        }
    }

    public func liveTokenShop(hash: String, now: Timestamp) async throws -> String? {
        try await storage.read { db in
            try db.queryOne("SELECT shop_id FROM live_tokens WHERE token_hash = $1 AND expires_at > $2",
                            [hash, now])?.string("shop_id")
        }
    }
}
