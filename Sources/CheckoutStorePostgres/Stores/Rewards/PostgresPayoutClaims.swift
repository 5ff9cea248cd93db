import CheckoutCore

/// Payout attempts in the commissions table (see `SQLitePayoutClaims`: the same rules). Claims
/// hold a transaction-scoped advisory lock, so replicas claim one after the other and a sharer
/// never has two payouts in flight.
enum PostgresPayoutClaims {
    static let claimLockKey: Int64 = 0x5061_796f_7574  // "Payout"

    static func claim(_ db: PostgresConnection, now: Timestamp, limit: Int) throws -> [PayoutClaim] {
        _ = try db.query("SELECT pg_advisory_xact_lock($1)", [claimLockKey])
        let rows = try db.query("""
            SELECT \(PostgresRewardRecords.columns) FROM commissions c
            WHERE status = 'available' AND (payout_state IS NULL OR payout_state = 'failed')
              AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = c.order_id AND r.status = 'pending')
              AND NOT EXISTS (SELECT 1 FROM commissions o WHERE o.sharer_id = c.sharer_id AND o.shop_id = c.shop_id
                              AND o.payout_state = 'processing')
            ORDER BY available_at, id LIMIT $1 FOR UPDATE OF c SKIP LOCKED
            """, [limit])
        var claimed = Set<String>()
        for row in rows {
            var commission = try PostgresRewardRecords.commission(row)
            guard claimed.insert(commission.sharer + " " + commission.shopID).inserted else { continue }
            let adjustments = try PostgresRewardRecords.balance(db, sharer: commission.sharer,
                                                                shopID: commission.shopID).adjustments
            let split = CommissionPayout.splitAmount(amount: commission.amount, adjustments: adjustments)
            let attempt = (commission.payout?.attempt ?? 0) + 1
            let no = CommissionPayout.outOrderNo(commissionID: commission.id, attempt: attempt)
            try db.execute("""
                UPDATE commissions SET payout_attempt = $1, payout_out_order_no = $2, payout_amount = $3,
                    payout_state = 'processing', payout_failure = NULL, payout_errors = 0, payout_next_at = $4,
                    payout_updated_at = $4 WHERE id = $5
                """, [attempt, no, split, now, commission.id])
            if split == 0 {
                commission.payout = CommissionPayout(outOrderNo: no, attempt: attempt, amount: 0, state: .processing,
                                                     updatedAt: now)
                try settle(db, &commission, now: now)
            }
        }
        return try inFlight(db, now: now, limit: limit)
    }

    static func inFlight(_ db: PostgresConnection, now: Timestamp, limit: Int) throws -> [PayoutClaim] {
        try db.query("""
            SELECT c.id AS commission_id, c.order_id, c.payout_attempt, c.payout_out_order_no, c.payout_amount,
                c.payout_failure, c.payout_errors, c.payout_updated_at, p.provider, p.transaction_id, u.platform, u.openid
            FROM commissions c JOIN payments p ON p.order_id = c.order_id AND p.status = 'succeeded'
            JOIN users u ON u.id = c.sharer_id
            WHERE c.payout_state = 'processing' AND c.payout_next_at <= $1 ORDER BY c.payout_next_at LIMIT $2
            """, [now, limit]).map { row in
            let openID = try row.string("platform") == "qq" ? nil : try row.string("openid")
            return PayoutClaim(
                commissionID: try row.string("commission_id"), orderID: try row.string("order_id"),
                provider: try row.string("provider"), transactionID: try row.string("transaction_id"), receiverOpenID: openID,
                payout: CommissionPayout(outOrderNo: try row.string("payout_out_order_no"),
                                         attempt: try row.int("payout_attempt"), amount: try row.int64("payout_amount"),
                                         state: .processing, failure: try row.optionalString("payout_failure"),
                                         errors: try row.int("payout_errors"), updatedAt: try row.timestamp("payout_updated_at")))
        }
    }

    static func record(_ db: PostgresConnection, commissionID: String, outOrderNo: String, state: ProfitSharingResult.State?,
                       error: String?, retryAt: Timestamp, now: Timestamp) throws {
        guard var commission = try PostgresRewardRecords.commission(db, id: commissionID),
              let payout = commission.payout, payout.outOrderNo == outOrderNo, payout.state == .processing else { return }
        switch state {
        case .succeeded?:
            try settle(db, &commission, now: now)
        case .failed(let reason)?:
            try db.execute("UPDATE commissions SET payout_state = 'failed', payout_failure = $1, payout_updated_at = $2 WHERE id = $3",
                           [String(reason.prefix(200)), now, commissionID])
            if commission.base == 0, commission.status == .available {
                commission.payout?.state = .failed
                let entries = commission.rebase(0, now: now)
                try PostgresRewardRecords.save(db, commission, entries)
                try PostgresRewardRecords.releaseDue(db, orderID: commission.orderID, now: now)
            }
        case .processing?:
            try db.execute("""
                UPDATE commissions SET payout_failure = NULL, payout_errors = 0, payout_next_at = $1, payout_updated_at = $2
                WHERE id = $3
                """, [retryAt, now, commissionID])
        case nil:
            try db.execute("""
                UPDATE commissions SET payout_failure = $1, payout_errors = payout_errors + 1, payout_next_at = $2,
                    payout_updated_at = $3 WHERE id = $4
                """, [error.map { String($0.prefix(200)) }, retryAt, now, commissionID])
        }
    }

    private static func settle(_ db: PostgresConnection, _ commission: inout Commission, now: Timestamp) throws {
        let split = commission.payout?.amount ?? 0
        try db.execute("UPDATE commissions SET payout_state = 'succeeded', payout_failure = NULL, payout_updated_at = $1 WHERE id = $2",
                       [now, commission.id])
        let entries = commission.settlePayout(split: split, at: now)
        try PostgresRewardRecords.save(db, commission, entries)
        try PostgresRewardRecords.releaseDue(db, orderID: commission.orderID, now: now)
    }
}
