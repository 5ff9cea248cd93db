import CheckoutCore
import CheckoutSQLite

/// `RewardStore` on SQLite: every change is one writer job.
public struct SQLiteRewardStore: RewardStore {
    let storage: SQLiteStorage

    public init(_ storage: SQLiteStorage) {
        self.storage = storage
    }

    public func program(shopID: String) async throws -> RewardProgram {
        try await storage.read { db in try SQLiteRewardRecords.program(db, shopID: shopID) }
    }

    public func updateProgram(shopID: String, _ update: RewardProgramUpdate, now: Timestamp) async throws -> RewardProgram {
        try await storage.write { db in
            let program = try SQLiteRewardRecords.program(db, shopID: shopID).applying(update)
            try db.execute("""
                INSERT INTO reward_programs (shop_id, enabled, rate_bps, freeze_days, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (shop_id) DO UPDATE SET enabled = excluded.enabled, rate_bps = excluded.rate_bps,
                    freeze_days = excluded.freeze_days, updated_at = excluded.updated_at
                """, [shopID, program.enabled, program.rateBps, program.freezeDays, now.milliseconds])
            return program
        }
    }

    public func holdForProfitSharing(orderID: String, now: Timestamp) async throws {
        try await storage.write { db in
            try db.execute("""
                INSERT INTO profit_sharing_holds (order_id, state, created_at, updated_at) VALUES (?, 'held', ?, ?)
                ON CONFLICT (order_id) DO NOTHING
                """, [orderID, now.milliseconds, now.milliseconds])
        }
    }

    public func commissions(_ filter: CommissionFilter, page: PageRequest) async throws -> Page<Commission> {
        try await storage.read { db in
            let (column, scope): (StaticString, String) = if let shopID = filter.shopID { ("shop_id", shopID) }
                else { ("sharer_id", filter.sharer ?? "") }
            let cursor = try Keyset.cursor(db, page: page, table: "commissions", scopeColumn: column, scope: scope)
            var sql = "SELECT \(SQLiteRewardRecords.columns) FROM commissions WHERE \(column) = ?"
            var arguments: [any SQLValueConvertible] = [scope]
            if filter.shopID != nil, let sharer = filter.sharer {
                sql += " AND sharer_id = ?"
                arguments.append(sharer)
            }
            if let status = filter.status {
                sql += " AND status = ?"
                arguments.append(status.rawValue)
            }
            sql += Keyset.condition(cursor) + " ORDER BY created_at DESC, id DESC LIMIT ?"
            let rows = try db.query(sql, arguments + Keyset.arguments(cursor) + [page.limit + 1])
            return Page(fetched: try rows.map(SQLiteRewardRecords.commission), limit: page.limit)
        }
    }

    public func balance(sharer: String) async throws -> CommissionBalance {
        try await storage.read { db in try SQLiteRewardRecords.balance(db, sharer: sharer) }
    }

    public func releaseDue(now: Timestamp, limit: Int) async throws -> Int {
        try await storage.write { db in
            let rows = try db.query("""
                SELECT \(SQLiteRewardRecords.columns) FROM commissions WHERE status = 'frozen' AND available_at <= ?
                ORDER BY available_at LIMIT ?
                """, [now.milliseconds, limit])
            for row in rows {
                var commission = try SQLiteRewardRecords.commission(row)
                let entries = commission.release(now: now)
                try SQLiteRewardRecords.save(db, commission, entries)
            }
            return rows.count
        }
    }

    public func claimPayouts(now: Timestamp, limit: Int) async throws -> [PayoutClaim] {
        try await storage.write { db in try SQLitePayoutClaims.claim(db, now: now, limit: limit) }
    }

    public func payoutsInFlight(now: Timestamp, limit: Int) async throws -> [PayoutClaim] {
        try await storage.read { db in try SQLitePayoutClaims.inFlight(db, now: now, limit: limit) }
    }

    public func recordPayout(commissionID: String, outOrderNo: String, state: ProfitSharingResult.State?,
                             error: String?, retryAt: Timestamp, now: Timestamp) async throws {
        try await storage.write { db in
            try SQLitePayoutClaims.record(db, commissionID: commissionID, outOrderNo: outOrderNo, state: state,
                                          error: error, retryAt: retryAt, now: now)
        }
    }

    public func releasesDue(now: Timestamp, limit: Int) async throws -> [FundsRelease] {
        try await storage.read { db in
            try db.query("""
                SELECT h.order_id, p.provider, p.transaction_id FROM profit_sharing_holds h
                JOIN payments p ON p.order_id = h.order_id AND p.status = 'succeeded'
                WHERE h.state = 'due' AND h.next_at <= ? ORDER BY h.next_at LIMIT ?
                """, [now.milliseconds, limit]).map { row in
                FundsRelease(orderID: try row.string("order_id"), provider: try row.string("provider"),
                             transactionID: try row.string("transaction_id"))
            }
        }
    }

    public func recordRelease(orderID: String, failure: String?, retryAt: Timestamp, now: Timestamp) async throws {
        try await storage.write { db in
            try db.execute("""
                UPDATE profit_sharing_holds SET state = ?, failure = ?, next_at = ?, updated_at = ?
                WHERE order_id = ? AND state = 'due'
                """, [failure == nil ? "released" : "due", failure.map { String($0.prefix(200)) }, retryAt.milliseconds,
                      now.milliseconds, orderID])
        }
    }
}
