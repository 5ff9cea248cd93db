import CheckoutCore

/// The money rules inside one PostgreSQL transaction: a report is applied once, an order is
/// paid once, mismatches become anomalies, a payment for a cancelled order is refunded, and
/// order statuses follow succeeded refunds.
///
/// Between replicas: a notification's first copy is decided by the partial unique index on
/// (provider, notification_id); the order's row lock (`orderFacts(lock:)`) serialises every
/// payment and refund decision on one order, and a refund's row lock its settlement.
enum PostgresPaymentLedger {
    struct Context {
        var now: Timestamp
        var ids: any IDGenerator
        /// The audit row of the notification being applied, if it came as one.
        var notificationSeq: Int64?
        var observers: PostgresLedgerObservers
    }

    /// The order's facts, its row locked until the transaction ends.
    static func orderFacts(_ db: PostgresConnection, id: String) throws -> PaymentRules.OrderFacts? {
        guard let row = try db.queryOne("""
            SELECT shop_id, status, amount_total, currency FROM orders WHERE id = $1 FOR UPDATE
            """, [id]) else { return nil }
        let text = try row.string("status")
        guard let status = OrderStatus(rawValue: text) else { throw StorageError(.corrupt, "order \(id) has status \(text)") }
        return PaymentRules.OrderFacts(shopID: try row.string("shop_id"), status: status, amountTotal: try row.int64("amount_total"),
                          currency: Currency(unchecked: try row.string("currency")))
    }

    // MARK: Transactions

    static func applyTransaction(_ db: PostgresConnection, _ tx: ProviderTransaction, provider: String,
                                 _ context: Context) throws -> PaymentApplication {
        guard let transactionID = try PaymentRules.paidTransactionID(tx) else {
            return PaymentApplication(outcome: .ignored, orderID: tx.outTradeNo)
        }
        let order = try orderFacts(db, id: tx.outTradeNo)
        let existing = try PostgresPaymentRecords.payment(db, orderID: tx.outTradeNo)
        let decision = PaymentRules.decide(tx, transactionID: transactionID, provider: provider, order: order,
                                           existing: existing)
        switch decision {
        case .duplicate:
            return PaymentApplication(outcome: .duplicate, orderID: tx.outTradeNo)
        case .anomaly(let kind):
            try recordAnomaly(db, kind, orderID: tx.outTradeNo, shopID: order?.shopID, amount: tx.amount,
                              currency: tx.currency, transactionID: transactionID, context)
            return PaymentApplication(outcome: .anomaly, orderID: tx.outTradeNo)
        case .pay, .refundAfterCancellation, .secondPayment:
            break
        }
        guard let order else { throw StorageError(.corrupt, "a decision to record a payment without its order") }
        let paidAt = tx.paidAt ?? context.now
        let paymentID = existing?.id ?? context.ids.makeID(.payment)
        if existing != nil {
            try db.execute("""
                UPDATE payments SET status = 'succeeded', provider = $1, transaction_id = $2, payer_openid = $3,
                    paid_at = $4, updated_at = $5 WHERE id = $6
                """, [provider, transactionID, tx.payerOpenID, paidAt, context.now, paymentID])
        } else {
            try db.execute("""
                INSERT INTO payments (id, order_id, provider, status, amount, currency, transaction_id, payer_openid,
                    created_at, updated_at, paid_at) VALUES ($1, $2, $3, 'succeeded', $4, $5, $6, $7, $8, $8, $9)
                """, [paymentID, tx.outTradeNo, provider, tx.amount, order.currency.code, transactionID,
                      tx.payerOpenID, context.now, paidAt])
        }
        switch decision {
        case .pay:
            let changed = try db.execute("UPDATE orders SET status = 'paid', paid_at = $1 WHERE id = $2 AND status = 'pending_payment'",
                                         [paidAt, tx.outTradeNo])
            guard changed == 1 else { throw CheckoutError.conflict("The order changed meanwhile; try again.") }
            try context.observers.emit(.orderPaid(orderID: tx.outTradeNo, shopID: order.shopID, amount: tx.amount,
                                                  paidAt: paidAt), db)
            return PaymentApplication(outcome: .paid, orderID: tx.outTradeNo)
        case .refundAfterCancellation:
            // The order stays cancelled (its stock is gone); the money goes back in full.
            let refundID = context.ids.makeID(.refund)
            try db.execute("""
                INSERT INTO refunds (id, order_id, payment_id, amount, currency, status, origin, reason,
                    created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'pending', 'paid_after_cancellation', $6, $7, $7)
                """, [refundID, tx.outTradeNo, paymentID, tx.amount, order.currency.code,
                      "Paid after the order was cancelled.", context.now])
            try recordAnomaly(db, .paidAfterCancellation, orderID: tx.outTradeNo, shopID: order.shopID,
                              amount: tx.amount, currency: tx.currency, transactionID: transactionID, context)
            return PaymentApplication(outcome: .paidAfterCancellation, orderID: tx.outTradeNo, refundToSubmit: refundID)
        case .secondPayment, .duplicate, .anomaly:
            try recordAnomaly(db, .duplicatePayment, orderID: tx.outTradeNo, shopID: order.shopID, amount: tx.amount,
                              currency: tx.currency, transactionID: transactionID, context)
            return PaymentApplication(outcome: .anomaly, orderID: tx.outTradeNo)
        }
    }

    // MARK: Refunds

    /// Applies a refund report (notification or the refund API's answer).
    static func applyRefund(_ db: PostgresConnection, _ report: ProviderRefund, _ context: Context,
                            submitted: Bool) throws -> PaymentApplication {
        guard let refund = try PostgresPaymentRecords.refund(db, id: report.outRefundNo, lock: true),
              refund.orderID == report.outTradeNo, refund.amount == report.amount else {
            let shopID = try db.queryOne("SELECT shop_id FROM orders WHERE id = $1", [report.outTradeNo])?.string("shop_id")
            try recordAnomaly(db, .refundMismatch, orderID: report.outTradeNo, shopID: shopID, amount: report.amount,
                              currency: nil, transactionID: report.refundID, context)
            return PaymentApplication(outcome: .anomaly, orderID: report.outTradeNo)
        }
        if submitted {
            try db.execute("UPDATE refunds SET submitted_at = coalesce(submitted_at, $1) WHERE id = $2", [context.now, refund.id])
        }
        guard let settled = PaymentRules.settlement(report.state) else {
            try db.execute("""
                UPDATE refunds SET provider_refund_id = coalesce($1, provider_refund_id), provider_status = $2,
                    updated_at = $3 WHERE id = $4 AND status = 'pending'
                """, [report.refundID, report.stateName, context.now, refund.id])
            return PaymentApplication(outcome: .ignored, orderID: refund.orderID)
        }
        guard refund.status == .pending else { return PaymentApplication(outcome: .duplicate, orderID: refund.orderID) }
        try db.execute("""
            UPDATE refunds SET status = $1, provider_refund_id = coalesce($2, provider_refund_id), provider_status = $3,
                settled_at = $4, updated_at = $5 WHERE id = $6 AND status = 'pending'
            """, [settled.rawValue, report.refundID, report.stateName, report.settledAt ?? context.now, context.now, refund.id])
        guard settled == .succeeded else { return PaymentApplication(outcome: .refundFailed, orderID: refund.orderID) }
        let shopID = try settleOrderStatus(db, orderID: refund.orderID, paymentID: refund.paymentID)
        if let shopID {
            try context.observers.emit(.refundSucceeded(orderID: refund.orderID, shopID: shopID, refundID: refund.id,
                                                        amount: refund.amount, at: report.settledAt ?? context.now), db)
        }
        return .refundSucceeded(refund, at: report.settledAt ?? context.now)
    }

    /// Moves a paid, fulfilled or partially refunded order to `partially_refunded` or
    /// `refunded` by its succeeded refunds; returns the order's shop.
    static func settleOrderStatus(_ db: PostgresConnection, orderID: String, paymentID: String) throws -> String? {
        guard let order = try orderFacts(db, id: orderID) else { return nil }
        guard let paid = try db.queryOne("SELECT amount FROM payments WHERE id = $1", [paymentID])?.int64("amount"),
              let refunded = try db.queryOne("""
                  SELECT coalesce(sum(amount), 0)::bigint AS total FROM refunds WHERE payment_id = $1 AND status = 'succeeded'
                  """, [paymentID])?.int64("total") else { return order.shopID }
        let next = PaymentRules.statusAfterRefunds(paid: paid, refunded: refunded)
        if order.status.canTransition(to: next) {
            try db.execute("UPDATE orders SET status = $1 WHERE id = $2 AND status = $3",
                           [next.rawValue, orderID, order.status.rawValue])
        }
        return order.shopID
    }

    // MARK: Audit

    /// Stores a notification; returns its row and, for a repeat, the row of the first copy.
    /// The partial unique index admits one first copy; a concurrent copy on another replica
    /// waits for it (ON CONFLICT) and is then stored as its duplicate.
    static func recordNotification(_ db: PostgresConnection, _ n: PaymentNotification,
                                   now: Timestamp) throws -> (seq: Int64, firstSeq: Int64?) {
        if let row = try db.queryOne("""
            INSERT INTO payment_notifications (provider, notification_id, event_type, outcome, serial, body, resource,
                received_at) VALUES ($1, $2, $3, 'received', $4, $5, $6, $7)
            ON CONFLICT (provider, notification_id) WHERE duplicate_of IS NULL DO NOTHING RETURNING seq
            """, [n.provider, n.notificationID, n.eventType, n.serial, n.rawBody, n.resource, now]) {
            return (try row.int64("seq"), nil)
        }
        guard let first = try db.queryOne("""
            SELECT seq FROM payment_notifications WHERE provider = $1 AND notification_id = $2 AND duplicate_of IS NULL
            """, [n.provider, n.notificationID])?.int64("seq") else {
            throw StorageError(.unavailable, "notification \(n.notificationID) raced; retry")
        }
        let seq = try db.queryOne("""
            INSERT INTO payment_notifications (provider, notification_id, event_type, duplicate_of, outcome, serial,
                body, resource, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq
            """, [n.provider, n.notificationID, n.eventType, first, PaymentOutcome.duplicate.rawValue, n.serial,
                  n.rawBody, n.resource, now])!.int64("seq")
        return (seq, first)
    }

    static func finishNotification(_ db: PostgresConnection, seq: Int64, _ application: PaymentApplication,
                                   transactionID: String?) throws {
        try db.execute("UPDATE payment_notifications SET outcome = $1, order_id = $2, transaction_id = $3 WHERE seq = $4",
                       [application.outcome.rawValue, application.orderID, transactionID, seq])
    }

    static func recordAnomaly(_ db: PostgresConnection, _ kind: PaymentAnomaly.Kind, orderID: String?, shopID: String?,
                              amount: Int64?, currency: String?, transactionID: String?, _ context: Context) throws {
        try db.execute("""
            INSERT INTO payment_anomalies (id, shop_id, order_id, kind, amount, currency, transaction_id,
                notification_seq, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [context.ids.makeID(.paymentAnomaly), shopID, orderID.map { String($0.prefix(64)) }, kind.rawValue,
                  amount, currency.map { String($0.prefix(8)) }, transactionID.map { String($0.prefix(64)) },
                  context.notificationSeq, context.now])
    }
}
