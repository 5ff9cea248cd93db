import CheckoutCore

/// The claims of closing, reconciliation and refund resubmission across replicas: one
/// statement each picks the due rows `FOR UPDATE SKIP LOCKED` (rows another replica is claiming
/// this instant are left to it) and stamps them with `now` in the same statement, which is the
/// lease: every replica passes a stamped row over until the stamp ages past its bound. Closing
/// stamps a payment's `updated_at`, reconciliation its `checked_at`, so neither delays the other.
extension PostgresPaymentStore {
    public func paymentsDueForClosing(now: Timestamp, claimedBefore: Timestamp, limit: Int) async throws -> [Payment] {
        try await storage.write { db in
            try db.query("""
                WITH due AS (
                    SELECT p.id FROM orders o JOIN payments p ON p.order_id = o.id
                    WHERE o.status = 'pending_payment' AND o.expires_at <= $1 AND p.status = 'pending'
                        AND (p.updated_at < o.expires_at OR p.updated_at <= $2)
                    ORDER BY o.expires_at LIMIT $3
                    FOR UPDATE OF p SKIP LOCKED)
                UPDATE payments p SET updated_at = $1 FROM due WHERE p.id = due.id
                RETURNING \(PostgresPaymentRecords.prefixedPaymentColumns)
                """, [now, claimedBefore, limit]).map(PostgresPaymentRecords.payment)
        }
    }

    public func paymentsToReconcile(createdBefore: Timestamp, checkedBefore: Timestamp, now: Timestamp,
                                    limit: Int) async throws -> [(payment: Payment, orderStatus: OrderStatus)] {
        let found = try await storage.write { db in
            try db.query("""
                WITH due AS (
                    SELECT p.id FROM payments p
                    WHERE p.status = 'pending' AND p.created_at <= $1 AND (p.checked_at IS NULL OR p.checked_at <= $2)
                    ORDER BY p.created_at LIMIT $4
                    FOR UPDATE SKIP LOCKED)
                UPDATE payments p SET checked_at = $3 FROM due, orders o
                WHERE p.id = due.id AND o.id = p.order_id
                RETURNING \(PostgresPaymentRecords.prefixedPaymentColumns), o.status AS order_status
                """, [createdBefore, checkedBefore, now, limit]).map { row in
                let text = try row.string("order_status")
                guard let status = OrderStatus(rawValue: text) else { throw StorageError(.corrupt, "order status \(text)") }
                return PaymentAndStatus(payment: try PostgresPaymentRecords.payment(row), status: status)
            }
        }
        return found.sorted { $0.payment.createdAt < $1.payment.createdAt }.map { ($0.payment, $0.status) }
    }

    public func refundsToSubmit(updatedBefore: Timestamp, now: Timestamp, limit: Int) async throws -> [String] {
        try await storage.write { db in
            try db.query("""
                WITH due AS (
                    SELECT id FROM refunds WHERE status = 'pending' AND updated_at <= $1
                    ORDER BY updated_at LIMIT $3
                    FOR UPDATE SKIP LOCKED)
                UPDATE refunds r SET updated_at = $2 FROM due WHERE r.id = due.id
                RETURNING r.id
                """, [updatedBefore, now, limit]).map { try $0.string("id") }
        }
    }

    private struct PaymentAndStatus: Sendable {
        let payment: Payment
        let status: OrderStatus
    }
}
