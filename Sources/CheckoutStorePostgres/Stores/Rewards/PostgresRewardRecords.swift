import CheckoutCore

/// Row ⇄ model mapping and the ledger writes of the rewards tables.
enum PostgresRewardRecords {
    static let columns = """
        id, shop_id, order_id, sharer_id, share_code, currency, weight, amount_total, paid_amount, base, amount,
        status, available_at, paid_out_at, adjustment, payout_attempt, payout_out_order_no, payout_amount,
        payout_state, payout_failure, payout_errors, payout_updated_at, created_at, updated_at
        """

    static func commission(_ row: PostgresRow) throws -> Commission {
        let status = try row.string("status")
        guard let parsed = CommissionStatus(rawValue: status) else { throw StorageError(.corrupt, "commission status \(status)") }
        var payout: CommissionPayout?
        if let no = try row.optionalString("payout_out_order_no"), let state = try row.optionalString("payout_state") {
            guard let parsedState = CommissionPayout.State(rawValue: state) else { throw StorageError(.corrupt, "payout state \(state)") }
            payout = CommissionPayout(
                outOrderNo: no, attempt: try row.int("payout_attempt"), amount: try row.optionalInt64("payout_amount") ?? 0,
                state: parsedState, failure: try row.optionalString("payout_failure"), errors: try row.int("payout_errors"),
                updatedAt: try row.optionalTimestamp("payout_updated_at") ?? Timestamp(milliseconds: 0))
        }
        return Commission(
            id: try row.string("id"), shopID: try row.string("shop_id"), orderID: try row.string("order_id"),
            sharer: try row.string("sharer_id"), shareCode: try row.optionalString("share_code"),
            currency: Currency(unchecked: try row.string("currency")),
            terms: CommissionTerms(weight: try row.int64("weight"), amountTotal: try row.int64("amount_total")),
            paidAmount: try row.int64("paid_amount"), base: try row.int64("base"), amount: try row.int64("amount"),
            status: parsed, availableAt: try row.optionalTimestamp("available_at"),
            paidOutAt: try row.optionalTimestamp("paid_out_at"), adjustment: try row.int64("adjustment"),
            payout: payout, createdAt: try row.timestamp("created_at"), updatedAt: try row.timestamp("updated_at"))
    }

    /// The order's commission, row-locked until the transaction ends.
    static func commission(_ db: PostgresConnection, orderID: String) throws -> Commission? {
        try db.queryOne("SELECT \(columns) FROM commissions WHERE order_id = $1 FOR UPDATE", [orderID]).map(commission)
    }

    /// The commission `id`, row-locked until the transaction ends.
    static func commission(_ db: PostgresConnection, id: String) throws -> Commission? {
        try db.queryOne("SELECT \(columns) FROM commissions WHERE id = $1 FOR UPDATE", [id]).map(commission)
    }

    /// The user order `orderID` is credited to through a share link (set at placement).
    static func creditedSharer(_ db: PostgresConnection, orderID: String) throws -> String? {
        try db.queryOne("SELECT sharer_id FROM orders WHERE id = $1", [orderID])?.optionalString("sharer_id")
    }

    static func program(_ db: PostgresConnection, shopID: String) throws -> RewardProgram {
        guard let row = try db.queryOne("SELECT enabled, rate_bps, freeze_days FROM reward_programs WHERE shop_id = $1",
                                        [shopID]) else { return .defaults }
        return RewardProgram(enabled: try row.bool("enabled"), rateBps: try row.int("rate_bps"),
                             freezeDays: try row.int("freeze_days"))
    }

    static func insert(_ db: PostgresConnection, _ c: Commission) throws {
        try db.execute("""
            INSERT INTO commissions (id, shop_id, order_id, sharer_id, share_code, currency, weight, amount_total,
                paid_amount, base, amount, status, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """, [c.id, c.shopID, c.orderID, c.sharer, c.shareCode, c.currency.code, c.terms.weight, c.terms.amountTotal,
                  c.paidAmount, c.base, c.amount, c.status.rawValue, c.createdAt, c.updatedAt])
    }

    /// Saves the lifecycle fields of `c` (not its payout) and appends `entries` to the ledger.
    static func save(_ db: PostgresConnection, _ c: Commission, _ entries: [CommissionEntry]) throws {
        try db.execute("""
            UPDATE commissions SET base = $1, amount = $2, status = $3, available_at = $4, paid_out_at = $5,
                adjustment = $6, updated_at = $7 WHERE id = $8
            """, [c.base, c.amount, c.status.rawValue, c.availableAt, c.paidOutAt, c.adjustment, c.updatedAt, c.id])
        try append(db, entries, shopID: c.shopID)
    }

    static func append(_ db: PostgresConnection, _ entries: [CommissionEntry], shopID: String) throws {
        for e in entries {
            try db.execute("""
                INSERT INTO commission_entries (commission_id, shop_id, sharer_id, bucket, amount, reason, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, [e.commissionID, shopID, e.sharer, e.bucket.rawValue, e.amount, e.reason.rawValue, e.createdAt])
        }
    }

    /// The sharer's balance by bucket (in one shop, or across shops).
    static func balance(_ db: PostgresConnection, sharer: String, shopID: String? = nil) throws -> CommissionBalance {
        var balance = CommissionBalance()
        let rows = try db.query("""
            SELECT bucket, coalesce(sum(amount), 0)::bigint AS total FROM commission_entries
            WHERE sharer_id = $1\(shopID == nil ? "" : " AND shop_id = $2") GROUP BY bucket
            """, [sharer as any PostgresBindable] + (shopID.map { [$0 as any PostgresBindable] } ?? []))
        for row in rows {
            let name = try row.string("bucket")
            guard let bucket = CommissionBucket(rawValue: name) else { throw StorageError(.corrupt, "bucket \(name)") }
            balance[bucket] = try row.int64("total")
        }
        return balance
    }

    /// Marks order `orderID`'s frozen funds due for release, when they were held for profit sharing.
    static func releaseDue(_ db: PostgresConnection, orderID: String, now: Timestamp) throws {
        try db.execute("""
            UPDATE profit_sharing_holds SET state = 'due', next_at = $1, updated_at = $1 WHERE order_id = $2 AND state = 'held'
            """, [now, orderID])
    }
}
