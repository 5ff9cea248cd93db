import CheckoutCore

/// `RewardStore` on PostgreSQL: every change is one transaction; frozen commissions are
/// released with `FOR UPDATE SKIP LOCKED`, payouts claimed under an advisory lock.
public struct PostgresRewardStore: RewardStore {
    let storage: PostgresStorage

    public init(_ storage: PostgresStorage) {
        self.storage = storage
    }

    public func program(shopID: String) async throws -> RewardProgram {
        try await storage.readAutocommit { db in try PostgresRewardRecords.program(db, shopID: shopID) }
    }

    public func updateProgram(shopID: String, _ update: RewardProgramUpdate, now: Timestamp) async throws -> RewardProgram {
        try await storage.write { db in
            // Lock the shop row so two updates of one program apply in turn.
            _ = try db.query("SELECT 1 AS one FROM shops WHERE id = $1 FOR UPDATE", [shopID])
            let program = try PostgresRewardRecords.program(db, shopID: shopID).applying(update)
            try db.execute("""
                INSERT INTO reward_programs (shop_id, enabled, rate_bps, freeze_days, updated_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (shop_id) DO UPDATE SET enabled = excluded.enabled, rate_bps = excluded.rate_bps,
                    freeze_days = excluded.freeze_days, updated_at = excluded.updated_at
                """, [shopID, program.enabled, program.rateBps, program.freezeDays, now])
            return program
        }
    }

    public func holdForProfitSharing(orderID: String, now: Timestamp) async throws {
        _ = try await storage.write { db in
            try db.execute("""
                INSERT INTO profit_sharing_holds (order_id, state, created_at, updated_at) VALUES ($1, 'held', $2, $2)
                ON CONFLICT (order_id) DO NOTHING
                """, [orderID, now])
        }
    }

    public func commissions(_ filter: CommissionFilter, page: PageRequest) async throws -> Page<Commission> {
        try await storage.read { db in
            let (column, scope): (StaticString, String) = if let shopID = filter.shopID { ("shop_id", shopID) }
                else { ("sharer_id", filter.sharer ?? "") }
            let cursor = try PostgresKeyset.cursor(db, page: page, table: "commissions", scopeColumn: column, scope: scope)
            var sql = "SELECT \(PostgresRewardRecords.columns) FROM commissions WHERE \(column) = $1"
            var arguments: [any PostgresBindable] = [scope]
            if filter.shopID != nil, let sharer = filter.sharer {
                arguments.append(sharer)
                sql += " AND sharer_id = $\(arguments.count)"
            }
            if let status = filter.status {
                arguments.append(status.rawValue)
                sql += " AND status = $\(arguments.count)"
            }
            sql += PostgresKeyset.condition(cursor, firstIndex: arguments.count + 1)
            arguments += PostgresKeyset.arguments(cursor)
            arguments.append(page.limit + 1)
            sql += " ORDER BY created_at DESC, id DESC LIMIT $\(arguments.count)"
            return Page(fetched: try db.query(sql, arguments).map(PostgresRewardRecords.commission), limit: page.limit)
        }
    }

    public func balance(sharer: String) async throws -> CommissionBalance {
        try await storage.readAutocommit { db in try PostgresRewardRecords.balance(db, sharer: sharer) }
    }

    public func releaseDue(now: Timestamp, limit: Int) async throws -> Int {
        try await storage.write { db in
            let rows = try db.query("""
                SELECT \(PostgresRewardRecords.columns) FROM commissions WHERE status = 'frozen' AND available_at <= $1
                ORDER BY available_at LIMIT $2 FOR UPDATE SKIP LOCKED
                """, [now, limit])
            for row in rows {
                var commission = try PostgresRewardRecords.commission(row)
                let entries = commission.release(now: now)
                try PostgresRewardRecords.save(db, commission, entries)
            }
            return rows.count
        }
    }

    public func claimPayouts(now: Timestamp, limit: Int) async throws -> [PayoutClaim] {
        try await storage.write { db in try PostgresPayoutClaims.claim(db, now: now, limit: limit) }
    }

    public func payoutsInFlight(now: Timestamp, limit: Int) async throws -> [PayoutClaim] {
        try await storage.readAutocommit { db in try PostgresPayoutClaims.inFlight(db, now: now, limit: limit) }
    }

    public func recordPayout(commissionID: String, outOrderNo: String, state: ProfitSharingResult.State?,
                             error: String?, retryAt: Timestamp, now: Timestamp) async throws {
        try await storage.write { db in
            try PostgresPayoutClaims.record(db, commissionID: commissionID, outOrderNo: outOrderNo, state: state,
                                            error: error, retryAt: retryAt, now: now)
        }
    }

    public func releasesDue(now: Timestamp, limit: Int) async throws -> [FundsRelease] {
        try await storage.read { db in
            try db.query("""
                SELECT h.order_id, p.provider, p.transaction_id FROM profit_sharing_holds h
                JOIN payments p ON p.order_id = h.order_id AND p.status = 'succeeded'
                WHERE h.state = 'due' AND h.next_at <= $1 ORDER BY h.next_at LIMIT $2
                """, [now, limit]).map { row in
                FundsRelease(orderID: try row.string("order_id"), provider: try row.string("provider"),
                             transactionID: try row.string("transaction_id"))
            }
        }
    }

    public func recordRelease(orderID: String, failure: String?, retryAt: Timestamp, now: Timestamp) async throws {
        _ = try await storage.write { db in
            try db.execute("""
                UPDATE profit_sharing_holds SET state = $1, failure = $2, next_at = $3, updated_at = $4
                WHERE order_id = $5 AND state = 'due'
                """, [failure == nil ? "released" : "due", failure.map { String($0.prefix(200)) }, retryAt, now, orderID])
        }
    }
}
