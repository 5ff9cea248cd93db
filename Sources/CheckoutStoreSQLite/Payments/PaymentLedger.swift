import CheckoutCore
import CheckoutSQLite

/// The money rules, run inside one writer transaction: a report is applied once, an order is
/// paid once, mismatches become anomalies, a payment for a cancelled order is refunded, and
/// order statuses follow succeeded refunds.
enum PaymentLedger {
    struct Context {
        var now: Timestamp
        var ids: any IDGenerator
        /// The audit row of the notification being applied, if it came as one.
        var notificationSeq: Int64?
        /// Run inside this transaction for each ledger event.
        var observers: SQLiteLedgerObservers
    }

    static func orderFacts(_ db: Database, id: String) throws -> PaymentRules.OrderFacts? {
        guard let row = try db.queryOne("SELECT shop_id, status, amount_total, currency FROM orders WHERE id = ?", [id])
        else { return nil }
        let text = try row.string("status")
        guard let status = OrderStatus(rawValue: text) else { throw StorageError(.corrupt, "order \(id) has status \(text)") }
        return PaymentRules.OrderFacts(shopID: try row.string("shop_id"), status: status, amountTotal: try row.int64("amount_total"),
                          currency: Currency(unchecked: try row.string("currency")))
    }

    // MARK: Transactions

    static func applyTransaction(_ db: Database, _ tx: ProviderTransaction, provider: String,
                                 _ context: Context) throws -> PaymentApplication {
        guard let transactionID = try PaymentRules.paidTransactionID(tx) else {
            return PaymentApplication(outcome: .ignored, orderID: tx.outTradeNo)
        }
        let order = try orderFacts(db, id: tx.outTradeNo)
        let existing = try SQLitePaymentRecords.payment(db, orderID: tx.outTradeNo)
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
        let paymentID: String
        if let existing {
            paymentID = existing.id
            try db.execute("""
                UPDATE payments SET status = 'succeeded', provider = ?, transaction_id = ?, payer_openid = ?,
                    paid_at = ?, updated_at = ? WHERE id = ?
                """, [provider, transactionID, tx.payerOpenID, paidAt.milliseconds, context.now.milliseconds, existing.id])
        } else {
            paymentID = context.ids.makeID(.payment)
            try db.execute("""
                INSERT INTO payments (id, order_id, provider, status, amount, currency, transaction_id, payer_openid,
                    created_at, updated_at, paid_at) VALUES (?, ?, ?, 'succeeded', ?, ?, ?, ?, ?, ?, ?)
                """, [paymentID, tx.outTradeNo, provider, tx.amount, order.currency.code, transactionID,
                      tx.payerOpenID, context.now.milliseconds, context.now.milliseconds, paidAt.milliseconds])
        }
        switch decision {
        case .pay:
            try db.execute("UPDATE orders SET status = 'paid', paid_at = ? WHERE id = ? AND status = 'pending_payment'",
                           [paidAt.milliseconds, tx.outTradeNo])
            guard db.changes == 1 else { throw CheckoutError.conflict("The order changed meanwhile; try again.") }
            try context.observers.emit(.orderPaid(orderID: tx.outTradeNo, shopID: order.shopID, amount: tx.amount,
                                                  paidAt: paidAt), db)
            return PaymentApplication(outcome: .paid, orderID: tx.outTradeNo)
        case .refundAfterCancellation:
            // The order stays cancelled (its stock is gone); the money goes back in full.
            let refundID = context.ids.makeID(.refund)
            try db.execute("""
                INSERT INTO refunds (id, order_id, payment_id, amount, currency, status, origin, reason,
                    created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 'paid_after_cancellation', ?, ?, ?)
                """, [refundID, tx.outTradeNo, paymentID, tx.amount, order.currency.code,
                      "Paid after the order was cancelled.", context.now.milliseconds, context.now.milliseconds])
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
    /// - Parameter submitted: the report is the answer to a submission (marks it accepted).
    static func applyRefund(_ db: Database, _ report: ProviderRefund, _ context: Context,
                            submitted: Bool) throws -> PaymentApplication {
        guard let refund = try SQLitePaymentRecords.refund(db, id: report.outRefundNo),
              refund.orderID == report.outTradeNo, refund.amount == report.amount else {
            let shopID = try orderFacts(db, id: report.outTradeNo)?.shopID
            try recordAnomaly(db, .refundMismatch, orderID: report.outTradeNo, shopID: shopID, amount: report.amount,
                              currency: nil, transactionID: report.refundID, context)
            return PaymentApplication(outcome: .anomaly, orderID: report.outTradeNo)
        }
        let now = context.now.milliseconds
        if submitted {
            try db.execute("UPDATE refunds SET submitted_at = coalesce(submitted_at, ?) WHERE id = ?", [now, refund.id])
        }
        guard let settled = PaymentRules.settlement(report.state) else {
            try db.execute("""
                UPDATE refunds SET provider_refund_id = coalesce(?, provider_refund_id), provider_status = ?,
                    updated_at = ? WHERE id = ? AND status = 'pending'
                """, [report.refundID, report.stateName, now, refund.id])
            return PaymentApplication(outcome: .ignored, orderID: refund.orderID)
        }
        guard refund.status == .pending else { return PaymentApplication(outcome: .duplicate, orderID: refund.orderID) }
        try db.execute("""
            UPDATE refunds SET status = ?, provider_refund_id = coalesce(?, provider_refund_id), provider_status = ?,
                settled_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'
            """, [settled.rawValue, report.refundID, report.stateName, (report.settledAt ?? context.now).milliseconds,
                  now, refund.id])
        guard settled == .succeeded else { return PaymentApplication(outcome: .refundFailed, orderID: refund.orderID) }
        try settleOrderStatus(db, orderID: refund.orderID, paymentID: refund.paymentID)
        if let shopID = try orderFacts(db, id: refund.orderID)?.shopID {
            try context.observers.emit(.refundSucceeded(orderID: refund.orderID, shopID: shopID, refundID: refund.id,
                                                        amount: refund.amount, at: report.settledAt ?? context.now), db)
        }
        return .refundSucceeded(refund, at: report.settledAt ?? context.now)
    }

    /// Moves a paid, fulfilled or partially refunded order to `partially_refunded` or
    /// `refunded` by its succeeded refunds. Cancelled and completed orders keep their status.
    static func settleOrderStatus(_ db: Database, orderID: String, paymentID: String) throws {
        guard let order = try orderFacts(db, id: orderID),
              let paid = try db.queryOne("SELECT amount FROM payments WHERE id = ?", [paymentID])?.int64("amount"),
              let refunded = try db.queryOne("""
                  SELECT coalesce(sum(amount), 0) AS total FROM refunds WHERE payment_id = ? AND status = 'succeeded'
                  """, [paymentID])?.int64("total") else { return }
        let next = PaymentRules.statusAfterRefunds(paid: paid, refunded: refunded)
        guard order.status.canTransition(to: next) else { return }
        try db.execute("UPDATE orders SET status = ? WHERE id = ? AND status = ?",
                       [next.rawValue, orderID, order.status.rawValue])
    }

    // MARK: Audit

    /// Stores a notification; returns its row and, for a repeat, the row of the first copy.
    static func recordNotification(_ db: Database, _ n: PaymentNotification,
                                   now: Timestamp) throws -> (seq: Int64, firstSeq: Int64?) {
        let first = try db.queryOne("""
            SELECT seq FROM payment_notifications WHERE provider = ? AND notification_id = ? AND duplicate_of IS NULL
            """, [n.provider, n.notificationID])?.int64("seq")
        try db.execute("""
            INSERT INTO payment_notifications (provider, notification_id, event_type, duplicate_of, outcome, serial,
                body, resource, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [n.provider, n.notificationID, n.eventType, first, first == nil ? "received" : PaymentOutcome.duplicate.rawValue,
                  n.serial, n.rawBody, n.resource, now.milliseconds])
        return (db.lastInsertRowID, first)
    }

    static func finishNotification(_ db: Database, seq: Int64, _ application: PaymentApplication,
                                   transactionID: String?) throws {
        try db.execute("UPDATE payment_notifications SET outcome = ?, order_id = ?, transaction_id = ? WHERE seq = ?",
                       [application.outcome.rawValue, application.orderID, transactionID, seq])
    }

    static func recordAnomaly(_ db: Database, _ kind: PaymentAnomaly.Kind, orderID: String?, shopID: String?,
                              amount: Int64?, currency: String?, transactionID: String?, _ context: Context) throws {
        try db.execute("""
            INSERT INTO payment_anomalies (id, shop_id, order_id, kind, amount, currency, transaction_id,
                notification_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [context.ids.makeID(.paymentAnomaly), shopID, orderID.map { String($0.prefix(64)) }, kind.rawValue,
                  amount, currency.map { String($0.prefix(8)) }, transactionID.map { String($0.prefix(64)) },
                  context.notificationSeq, context.now.milliseconds])
    }
}
