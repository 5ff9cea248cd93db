import CheckoutCore
import CheckoutSQLite

/// Payout attempts in the commissions table: claimed (the `out_order_no` fixed before any
/// platform call), read back while running, and settled from the platform's answer.
enum SQLitePayoutClaims {
    static func claim(_ db: Database, now: Timestamp, limit: Int) throws -> [PayoutClaim] {
        let rows = try db.query("""
            SELECT \(SQLiteRewardRecords.columns) FROM commissions c
            WHERE status = 'available' AND (payout_state IS NULL OR payout_state = 'failed')
              AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = c.order_id AND r.status = 'pending')
              AND NOT EXISTS (SELECT 1 FROM commissions o WHERE o.sharer_id = c.sharer_id AND o.shop_id = c.shop_id
                              AND o.payout_state = 'processing')
            ORDER BY available_at, id LIMIT ?
            """, [limit])
        var claimed = Set<String>()
        for row in rows {
            var commission = try SQLiteRewardRecords.commission(row)
            guard claimed.insert(commission.sharer + " " + commission.shopID).inserted else { continue }
            let adjustments = try SQLiteRewardRecords.balance(db, sharer: commission.sharer,
                                                              shopID: commission.shopID).adjustments
            let split = CommissionPayout.splitAmount(amount: commission.amount, adjustments: adjustments)
            let attempt = (commission.payout?.attempt ?? 0) + 1
            let no = CommissionPayout.outOrderNo(commissionID: commission.id, attempt: attempt)
            try db.execute("""
                UPDATE commissions SET payout_attempt = ?, payout_out_order_no = ?, payout_amount = ?,
                    payout_state = 'processing', payout_failure = NULL, payout_errors = 0, payout_next_at = ?,
                    payout_updated_at = ? WHERE id = ?
                """, [attempt, no, split, now.milliseconds, now.milliseconds, commission.id])
            if split == 0 {
                // Nothing to move at the platform: netted in full.
                commission.payout = CommissionPayout(outOrderNo: no, attempt: attempt, amount: 0, state: .processing,
                                                     updatedAt: now)
                try settle(db, &commission, now: now)
            }
        }
        return try inFlight(db, now: now, limit: limit)
    }

    static func inFlight(_ db: Database, now: Timestamp, limit: Int) throws -> [PayoutClaim] {
        try db.query("""
            SELECT c.id AS commission_id, c.order_id, c.payout_attempt, c.payout_out_order_no, c.payout_amount,
                c.payout_failure, c.payout_errors, c.payout_updated_at, p.provider, p.transaction_id, u.platform, u.openid
            FROM commissions c JOIN payments p ON p.order_id = c.order_id AND p.status = 'succeeded'
            JOIN users u ON u.id = c.sharer_id
            WHERE c.payout_state = 'processing' AND c.payout_next_at <= ? ORDER BY c.payout_next_at LIMIT ?
            """, [now.milliseconds, limit]).map { row in
            let provider = try row.string("provider")
            // WeChat Pay splits to openids under our AppID: a QQ shopper's openid is not one.
            let openID = try row.string("platform") == "qq" ? nil : try row.string("openid")
            return PayoutClaim(
                commissionID: try row.string("commission_id"), orderID: try row.string("order_id"), provider: provider,
                transactionID: try row.string("transaction_id"), receiverOpenID: openID,
                payout: CommissionPayout(outOrderNo: try row.string("payout_out_order_no"),
                                         attempt: try row.int("payout_attempt"), amount: try row.int64("payout_amount"),
                                         state: .processing, failure: try row.optionalString("payout_failure"),
                                         errors: try row.int("payout_errors"),
                                         updatedAt: Timestamp(milliseconds: try row.int64("payout_updated_at"))))
        }
    }

    static func record(_ db: Database, commissionID: String, outOrderNo: String, state: ProfitSharingResult.State?,
                       error: String?, retryAt: Timestamp, now: Timestamp) throws {
        guard var commission = try SQLiteRewardRecords.commission(db, id: commissionID),
              let payout = commission.payout, payout.outOrderNo == outOrderNo, payout.state == .processing else { return }
        switch state {
        case .succeeded?:
            try settle(db, &commission, now: now)
        case .failed(let reason)?:
            try db.execute("""
                UPDATE commissions SET payout_state = 'failed', payout_failure = ?, payout_updated_at = ? WHERE id = ?
                """, [String(reason.prefix(200)), now.milliseconds, commissionID])
            if commission.base == 0, commission.status == .available {
                // A refund took everything while the split ran, and the split did not pay.
                commission.payout?.state = .failed
                let entries = commission.rebase(0, now: now)
                try SQLiteRewardRecords.save(db, commission, entries)
                try SQLiteRewardRecords.releaseDue(db, orderID: commission.orderID, now: now)
            }
        case .processing?:
            try db.execute("""
                UPDATE commissions SET payout_failure = NULL, payout_errors = 0, payout_next_at = ?, payout_updated_at = ?
                WHERE id = ?
                """, [retryAt.milliseconds, now.milliseconds, commissionID])
        case nil:
            try db.execute("""
                UPDATE commissions SET payout_failure = ?, payout_errors = payout_errors + 1, payout_next_at = ?,
                    payout_updated_at = ? WHERE id = ?
                """, [error.map { String($0.prefix(200)) }, retryAt.milliseconds, now.milliseconds, commissionID])
        }
    }

    /// The split succeeded: the commission is paid out and the order's rest is due for release.
    private static func settle(_ db: Database, _ commission: inout Commission, now: Timestamp) throws {
        let split = commission.payout?.amount ?? 0
        try db.execute("""
            UPDATE commissions SET payout_state = 'succeeded', payout_failure = NULL, payout_updated_at = ? WHERE id = ?
            """, [now.milliseconds, commission.id])
        let entries = commission.settlePayout(split: split, at: now)
        try SQLiteRewardRecords.save(db, commission, entries)
        try SQLiteRewardRecords.releaseDue(db, orderID: commission.orderID, now: now)
    }
}
