import CheckoutCore

/// `PaymentStore` on PostgreSQL: every change is one transaction, decisions on one order hold
/// its row lock (see `PostgresPaymentLedger`).
public struct PostgresPaymentStore: PaymentStore {
    let storage: PostgresStorage

    public init(_ storage: PostgresStorage) {
        self.storage = storage
    }

    public func beginPayment(orderID: String, userID: String, provider: String, newID: String,
                             now: Timestamp) async throws -> (order: Order, payment: Payment) {
        let begun = try await storage.write { db -> OrderAndPayment in
            let order = try PaymentRules.payable(try PostgresOrderRecords.order(db, id: orderID, lock: true),
                                                 userID: userID, now: now)
            let existing = try PostgresPaymentRecords.payment(db, orderID: orderID)
            if let existing = try PaymentRules.continuable(existing, provider: provider) {
                return OrderAndPayment(order: order, payment: existing)
            }
            try db.execute("""
                INSERT INTO payments (id, order_id, provider, status, amount, currency, created_at, updated_at)
                VALUES ($1, $2, $3, 'pending', $4, $5, $6, $6)
                """, [newID, orderID, provider, order.amountTotal, order.currency.code, now])
            return OrderAndPayment(order: order, payment: Payment(id: newID, orderID: orderID, provider: provider,
                                                                  status: .pending, amount: order.amountTotal,
                                                                  currency: order.currency, createdAt: now))
        }
        return (begun.order, begun.payment)
    }

    public func recordPrepay(paymentID: String, prepayID: String, now: Timestamp, creation: PaymentCreation,
                             commit: IdempotentCommit<PaymentCreation>?) async throws -> IdempotentOutcome<PaymentCreation> {
        try await storage.write(commit) { db in
            _ = try db.execute("UPDATE payments SET prepay_id = $1, updated_at = $2 WHERE id = $3 AND status = 'pending'",
                               [prepayID, now, paymentID])
            return creation
        }
    }

    public func apply(_ notification: PaymentNotification, now: Timestamp,
                      ids: any IDGenerator) async throws -> PaymentApplication {
        try await storage.write { [storage] db in
            let (seq, first) = try PostgresPaymentLedger.recordNotification(db, notification, now: now)
            if first != nil { return PaymentApplication(outcome: .duplicate) }
            let context = PostgresPaymentLedger.Context(now: now, ids: ids, notificationSeq: seq,
                                                        observers: storage.ledgerObservers)
            let application: PaymentApplication
            var transactionID: String?
            switch notification.event {
            case .transaction(let tx):
                transactionID = tx.transactionID
                application = try PostgresPaymentLedger.applyTransaction(db, tx, provider: notification.provider, context)
            case .refund(let report):
                transactionID = report.refundID
                application = try PostgresPaymentLedger.applyRefund(db, report, context, submitted: false)
            case .unsupported:
                application = PaymentApplication(outcome: .ignored)
            }
            try PostgresPaymentLedger.finishNotification(db, seq: seq, application, transactionID: transactionID)
            return application
        }
    }

    public func apply(transaction: ProviderTransaction, provider: String, now: Timestamp,
                      ids: any IDGenerator) async throws -> PaymentApplication {
        try await storage.write { [storage] db in
            try PostgresPaymentLedger.applyTransaction(db, transaction, provider: provider,
                                                       .init(now: now, ids: ids, notificationSeq: nil,
                                                             observers: storage.ledgerObservers))
        }
    }

    public func createRefund(orderID: String, shopID: String, amount: Int64?, reason: String?, newID: String,
                             now: Timestamp, commit: IdempotentCommit<Refund>?) async throws -> IdempotentOutcome<Refund> {
        try await storage.write(commit) { db in
            // The order's row lock: two refunds of one order (on any replica) are decided in turn,
            // so together they never exceed the paid amount.
            let payment = try PaymentRules.refundable(try PostgresPaymentLedger.orderFacts(db, id: orderID), shopID: shopID) {
                try PostgresPaymentRecords.payment(db, orderID: orderID)
            }
            let committed = try db.queryOne("""
                SELECT coalesce(sum(amount), 0)::bigint AS total FROM refunds
                WHERE payment_id = $1 AND status IN ('pending', 'succeeded')
                """, [payment.id])?.int64("total") ?? 0
            let value = try PaymentRules.refundAmount(amount, payment: payment, committed: committed)
            try db.execute("""
                INSERT INTO refunds (id, order_id, payment_id, amount, currency, status, origin, reason,
                    created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'pending', 'merchant', $6, $7, $7)
                """, [newID, orderID, payment.id, value, payment.currency.code, reason, now])
            return Refund(id: newID, orderID: orderID, paymentID: payment.id, amount: value, currency: payment.currency,
                          status: .pending, origin: .merchant, reason: reason, submitted: false, createdAt: now,
                          settledAt: nil)
        }
    }

    public func refundSubmission(refundID: String) async throws -> (refund: Refund, payment: Payment)? {
        let found = try await storage.read { db -> RefundAndPayment? in
            guard let refund = try PostgresPaymentRecords.refund(db, id: refundID),
                  let payment = try PostgresPaymentRecords.payment(db, orderID: refund.orderID) else { return nil }
            return RefundAndPayment(refund: refund, payment: payment)
        }
        return found.map { ($0.refund, $0.payment) }
    }

    public func recordRefundAnswer(_ answer: ProviderRefund, now: Timestamp,
                                   ids: any IDGenerator) async throws -> PaymentApplication {
        try await storage.write { [storage] db in
            try PostgresPaymentLedger.applyRefund(db, answer, .init(now: now, ids: ids, notificationSeq: nil,
                                                                    observers: storage.ledgerObservers), submitted: true)
        }
    }

    public func recordRefundRejected(refundID: String, code: String?, now: Timestamp) async throws {
        _ = try await storage.write { db in
            try db.execute("""
                UPDATE refunds SET status = 'failed', provider_status = $1, settled_at = $2, updated_at = $2
                WHERE id = $3 AND status = 'pending'
                """, [code ?? "REJECTED", now, refundID])
        }
    }

    public func touchRefund(refundID: String, now: Timestamp) async throws {
        _ = try await storage.write { db in
            try db.execute("UPDATE refunds SET updated_at = $1 WHERE id = $2 AND status = 'pending'", [now, refundID])
        }
    }

    public func markPaymentClosed(paymentID: String, now: Timestamp) async throws {
        _ = try await storage.write { db in
            try db.execute("""
                UPDATE payments SET status = 'closed', closed_at = $1, updated_at = $1 WHERE id = $2 AND status = 'pending'
                """, [now, paymentID])
        }
    }

    public func markPaymentChecked(paymentID: String, now: Timestamp) async throws {
        _ = try await storage.write { db in
            try db.execute("UPDATE payments SET checked_at = $1 WHERE id = $2", [now, paymentID])
        }
    }

    public func payment(orderID: String) async throws -> Payment? {
        try await storage.readAutocommit { db in try PostgresPaymentRecords.payment(db, orderID: orderID) }
    }

    public func refund(id: String) async throws -> Refund? {
        try await storage.readAutocommit { db in try PostgresPaymentRecords.refund(db, id: id) }
    }

    public func anomalies(shopID: String, page: PageRequest) async throws -> Page<PaymentAnomaly> {
        try await storage.read { db in
            let cursor = try PostgresKeyset.cursor(db, page: page, table: "payment_anomalies", scopeColumn: "shop_id",
                                                   scope: shopID)
            let rows = try db.query("""
                SELECT id, shop_id, order_id, kind, amount, currency, transaction_id, created_at
                FROM payment_anomalies WHERE shop_id = $1\(PostgresKeyset.condition(cursor, firstIndex: 2))
                ORDER BY created_at DESC, id DESC LIMIT $\(cursor == nil ? 2 : 4)
                """, [shopID as any PostgresBindable] + PostgresKeyset.arguments(cursor) + [page.limit + 1])
            return Page(fetched: try rows.map(PostgresPaymentRecords.anomaly), limit: page.limit)
        }
    }

    public func anomalyCountsByKind() async throws -> [PaymentAnomaly.Kind: Int] {
        try await storage.readAutocommit { db in
            var counts = [PaymentAnomaly.Kind: Int]()
            for row in try db.query("SELECT kind, count(*) AS n FROM payment_anomalies GROUP BY kind") {
                let text = try row.string("kind")
                guard let kind = PaymentAnomaly.Kind(rawValue: text) else { throw StorageError(.corrupt, "anomaly kind \(text)") }
                counts[kind] = try row.int("n")
            }
            return counts
        }
    }

    private struct OrderAndPayment: Sendable {
        let order: Order
        let payment: Payment
    }

    private struct RefundAndPayment: Sendable {
        let refund: Refund
        let payment: Payment
    }
}
