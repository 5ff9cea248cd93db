import CheckoutCore
import CheckoutSQLite

/// The claims of closing, reconciliation and refund resubmission on SQLite: each is one writer
/// job that selects the rows and stamps them, so (one writer) a row is never taken twice within
/// its lease, as on PostgreSQL.
extension SQLitePaymentStore {
    public func paymentsDueForClosing(now: Timestamp, claimedBefore: Timestamp, limit: Int) async throws -> [Payment] {
        try await storage.write { db in
            let due = try db.query("""
                SELECT \(SQLitePaymentRecords.prefixedPaymentColumns)
                FROM orders o JOIN payments p ON p.order_id = o.id
                WHERE o.status = 'pending_payment' AND o.expires_at <= ? AND p.status = 'pending'
                    AND (p.updated_at < o.expires_at OR p.updated_at <= ?)
                ORDER BY o.expires_at LIMIT ?
                """, [now.milliseconds, claimedBefore.milliseconds, limit]).map(SQLitePaymentRecords.payment)
            for payment in due {
                try db.execute("UPDATE payments SET updated_at = ? WHERE id = ?", [now.milliseconds, payment.id])
            }
            return due
        }
    }

    public func paymentsToReconcile(createdBefore: Timestamp, checkedBefore: Timestamp, now: Timestamp,
                                    limit: Int) async throws -> [(payment: Payment, orderStatus: OrderStatus)] {
        try await storage.write { db in
            let due = try db.query("""
                SELECT \(SQLitePaymentRecords.prefixedPaymentColumns),
                    o.status AS order_status
                FROM payments p JOIN orders o ON o.id = p.order_id
                WHERE p.status = 'pending' AND p.created_at <= ? AND coalesce(p.checked_at, 0) <= ?
                ORDER BY p.created_at LIMIT ?
                """, [createdBefore.milliseconds, checkedBefore.milliseconds, limit]).map { row in
                let text = try row.string("order_status")
                guard let status = OrderStatus(rawValue: text) else { throw StorageError(.corrupt, "order status \(text)") }
                return (payment: try SQLitePaymentRecords.payment(row), orderStatus: status)
            }
            for (payment, _) in due {
                try db.execute("UPDATE payments SET checked_at = ? WHERE id = ?", [now.milliseconds, payment.id])
            }
            return due
        }
    }

    public func refundsToSubmit(updatedBefore: Timestamp, now: Timestamp, limit: Int) async throws -> [String] {
        try await storage.write { db in
            let due = try db.query("""
                SELECT id FROM refunds WHERE status = 'pending' AND updated_at <= ? ORDER BY updated_at LIMIT ?
                """, [updatedBefore.milliseconds, limit]).map { try $0.string("id") }
            for id in due { try db.execute("UPDATE refunds SET updated_at = ? WHERE id = ?", [now.milliseconds, id]) }
            return due
        }
    }

}
