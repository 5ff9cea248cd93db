import CheckoutCore
import CheckoutSQLite

/// `PaymentStore` on SQLite: every change is one writer job.
public struct SQLitePaymentStore: PaymentStore {
    let storage: SQLiteStorage

    public init(_ storage: SQLiteStorage) {
        self.storage = storage
    }

    public func beginPayment(orderID: String, userID: String, provider: String, newID: String,
                             now: Timestamp) async throws -> (order: Order, payment: Payment) {
        try await storage.write { db in
            let order = try PaymentRules.payable(try SQLiteOrderRecords.order(db, id: orderID), userID: userID, now: now)
            let existing = try SQLitePaymentRecords.payment(db, orderID: orderID)
            if let existing = try PaymentRules.continuable(existing, provider: provider) {
                return (order, existing)
            }
            try db.execute("""
                INSERT INTO payments (id, order_id, provider, status, amount, currency, created_at, updated_at)
                VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)
                """, [newID, orderID, provider, order.amountTotal, order.currency.code, now.milliseconds, now.milliseconds])
            return (order, Payment(id: newID, orderID: orderID, provider: provider, status: .pending,
                                   amount: order.amountTotal, currency: order.currency, createdAt: now))
        }
    }

    public func recordPrepay(paymentID: String, prepayID: String, now: Timestamp, creation: PaymentCreation,
                             commit: IdempotentCommit<PaymentCreation>?) async throws -> IdempotentOutcome<PaymentCreation> {
        try await storage.write(commit) { db in
            try db.execute("UPDATE payments SET prepay_id = ?, updated_at = ? WHERE id = ? AND status = 'pending'",
                           [prepayID, now.milliseconds, paymentID])
            return creation
        }
    }

    public func apply(_ notification: PaymentNotification, now: Timestamp,
                      ids: any IDGenerator) async throws -> PaymentApplication {
        try await storage.write { [storage] db in
            let (seq, first) = try PaymentLedger.recordNotification(db, notification, now: now)
            if first != nil { return PaymentApplication(outcome: .duplicate) }
            let context = PaymentLedger.Context(now: now, ids: ids, notificationSeq: seq,
                                                observers: storage.ledgerObservers)
            let application: PaymentApplication
            var transactionID: String?
            switch notification.event {
            case .transaction(let tx):
                transactionID = tx.transactionID
                application = try PaymentLedger.applyTransaction(db, tx, provider: notification.provider, context)
            case .refund(let report):
                transactionID = report.refundID
                application = try PaymentLedger.applyRefund(db, report, context, submitted: false)
            case .unsupported:
                application = PaymentApplication(outcome: .ignored)
            }
            try PaymentLedger.finishNotification(db, seq: seq, application, transactionID: transactionID)
            return application
        }
    }

    public func apply(transaction: ProviderTransaction, provider: String, now: Timestamp,
                      ids: any IDGenerator) async throws -> PaymentApplication {
        try await storage.write { [storage] db in
            try PaymentLedger.applyTransaction(db, transaction, provider: provider,
                                               PaymentLedger.Context(now: now, ids: ids, notificationSeq: nil,
                                                  observers: storage.ledgerObservers))
        }
    }

    public func createRefund(orderID: String, shopID: String, amount: Int64?, reason: String?, newID: String,
                             now: Timestamp, commit: IdempotentCommit<Refund>?) async throws -> IdempotentOutcome<Refund> {
        try await storage.write(commit) { db in
            let payment = try PaymentRules.refundable(try PaymentLedger.orderFacts(db, id: orderID), shopID: shopID) {
                try SQLitePaymentRecords.payment(db, orderID: orderID)
            }
            let committed = try db.queryOne("""
                SELECT coalesce(sum(amount), 0) AS total FROM refunds
                WHERE payment_id = ? AND status IN ('pending', 'succeeded')
                """, [payment.id])?.int64("total") ?? 0
            let value = try PaymentRules.refundAmount(amount, payment: payment, committed: committed)
            try db.execute("""
                INSERT INTO refunds (id, order_id, payment_id, amount, currency, status, origin, reason,
                    created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 'merchant', ?, ?, ?)
                """, [newID, orderID, payment.id, value, payment.currency.code, reason, now.milliseconds, now.milliseconds])
            return Refund(id: newID, orderID: orderID, paymentID: payment.id, amount: value, currency: payment.currency,
                          status: .pending, origin: .merchant, reason: reason, submitted: false, createdAt: now,
                          settledAt: nil)
        }
    }

    public func refundSubmission(refundID: String) async throws -> (refund: Refund, payment: Payment)? {
        try await storage.read { db in
            guard let refund = try SQLitePaymentRecords.refund(db, id: refundID),
                  let payment = try SQLitePaymentRecords.payment(db, orderID: refund.orderID) else { return nil }
            return (refund, payment)
        }
    }

    public func recordRefundAnswer(_ answer: ProviderRefund, now: Timestamp,
                                   ids: any IDGenerator) async throws -> PaymentApplication {
        try await storage.write { [storage] db in
            try PaymentLedger.applyRefund(db, answer, PaymentLedger.Context(now: now, ids: ids, notificationSeq: nil,
                                                  observers: storage.ledgerObservers),
                                          submitted: true)
        }
    }

    public func recordRefundRejected(refundID: String, code: String?, now: Timestamp) async throws {
        try await storage.write { db in
            try db.execute("""
                UPDATE refunds SET status = 'failed', provider_status = ?, settled_at = ?, updated_at = ?
                WHERE id = ? AND status = 'pending'
                """, [code ?? "REJECTED", now.milliseconds, now.milliseconds, refundID])
        }
    }

    public func touchRefund(refundID: String, now: Timestamp) async throws {
        try await storage.write { db in
            try db.execute("UPDATE refunds SET updated_at = ? WHERE id = ? AND status = 'pending'",
                           [now.milliseconds, refundID])
        }
    }

    public func markPaymentClosed(paymentID: String, now: Timestamp) async throws {
        try await storage.write { db in
            try db.execute("""
                UPDATE payments SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'
                """, [now.milliseconds, now.milliseconds, paymentID])
        }
    }

    public func markPaymentChecked(paymentID: String, now: Timestamp) async throws {
        try await storage.write { db in
            try db.execute("UPDATE payments SET checked_at = ? WHERE id = ?", [now.milliseconds, paymentID])
        }
    }

    public func payment(orderID: String) async throws -> Payment? {
        try await storage.read { db in try SQLitePaymentRecords.payment(db, orderID: orderID) }
    }

    public func refund(id: String) async throws -> Refund? {
        try await storage.read { db in try SQLitePaymentRecords.refund(db, id: id) }
    }

    public func anomalies(shopID: String, page: PageRequest) async throws -> Page<PaymentAnomaly> {
        try await storage.read { db in
            let cursor = try Keyset.cursor(db, page: page, table: "payment_anomalies", scopeColumn: "shop_id",
                                           scope: shopID)
            let rows = try db.query("""
                SELECT id, shop_id, order_id, kind, amount, currency, transaction_id, created_at
                FROM payment_anomalies WHERE shop_id = ?\(Keyset.condition(cursor))
                ORDER BY created_at DESC, id DESC LIMIT ?
                """, [shopID as any SQLValueConvertible] + Keyset.arguments(cursor) + [page.limit + 1])
            return Page(fetched: try rows.map(SQLitePaymentRecords.anomaly), limit: page.limit)
        }
    }

    public func anomalyCountsByKind() async throws -> [PaymentAnomaly.Kind: Int] {
        try await storage.read { db in
            var counts = [PaymentAnomaly.Kind: Int]()
            for row in try db.query("SELECT kind, count(*) AS n FROM payment_anomalies GROUP BY kind") {
                let text = try row.string("kind")
                guard let kind = PaymentAnomaly.Kind(rawValue: text) else { throw StorageError(.corrupt, "anomaly kind \(text)") }
                counts[kind] = try row.int("n")
            }
            return counts
        }
    }
}
