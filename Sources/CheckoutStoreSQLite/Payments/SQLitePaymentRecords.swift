import CheckoutCore
import CheckoutSQLite

/// Row ⇄ model mapping for payments, refunds and anomalies.
enum SQLitePaymentRecords {
    static let paymentColumns = """
        id, order_id, provider, status, amount, currency, prepay_id, transaction_id, created_at, paid_at
        """
    /// `paymentColumns` qualified with the table alias `p`.
    static let prefixedPaymentColumns = paymentColumns.split(separator: ",")
        .map { "p." + String($0).trimmingWhitespace() }.joined(separator: ", ")
    static let refundColumns = """
        id, order_id, payment_id, amount, currency, status, origin, reason, submitted_at, created_at, settled_at
        """

    static func payment(_ row: Row) throws -> Payment {
        let id = try row.string("id")
        let statusText = try row.string("status")
        guard let status = Payment.Status(rawValue: statusText) else {
            throw StorageError(.corrupt, "payment \(id) has status \(statusText)")
        }
        return Payment(id: id, orderID: try row.string("order_id"), provider: try row.string("provider"),
                       status: status, amount: try row.int64("amount"),
                       currency: Currency(unchecked: try row.string("currency")),
                       prepayID: try row.optionalString("prepay_id"),
                       transactionID: try row.optionalString("transaction_id"),
                       createdAt: Timestamp(milliseconds: try row.int64("created_at")),
                       paidAt: try SQLiteRecords.timestamp(row, "paid_at"))
    }

    static func payment(_ db: Database, orderID: String) throws -> Payment? {
        try db.queryOne("SELECT \(paymentColumns) FROM payments WHERE order_id = ?", [orderID]).map(payment)
    }

    static func refund(_ row: Row) throws -> Refund {
        let id = try row.string("id")
        let statusText = try row.string("status")
        let originText = try row.string("origin")
        guard let status = Refund.Status(rawValue: statusText), let origin = Refund.Origin(rawValue: originText) else {
            throw StorageError(.corrupt, "refund \(id) has status \(statusText), origin \(originText)")
        }
        return Refund(id: id, orderID: try row.string("order_id"), paymentID: try row.string("payment_id"),
                      amount: try row.int64("amount"), currency: Currency(unchecked: try row.string("currency")),
                      status: status, origin: origin, reason: try row.optionalString("reason"),
                      submitted: try row.optionalInt64("submitted_at") != nil,
                      createdAt: Timestamp(milliseconds: try row.int64("created_at")),
                      settledAt: try SQLiteRecords.timestamp(row, "settled_at"))
    }

    static func refund(_ db: Database, id: String) throws -> Refund? {
        try db.queryOne("SELECT \(refundColumns) FROM refunds WHERE id = ?", [id]).map(refund)
    }

    static func refunds(_ db: Database, orderID: String) throws -> [Refund] {
        try db.query("SELECT \(refundColumns) FROM refunds WHERE order_id = ? ORDER BY created_at, id", [orderID])
            .map(refund)
    }

    static func anomaly(_ row: Row) throws -> PaymentAnomaly {
        let kindText = try row.string("kind")
        guard let kind = PaymentAnomaly.Kind(rawValue: kindText) else {
            throw StorageError(.corrupt, "anomaly kind \(kindText)")
        }
        return PaymentAnomaly(id: try row.string("id"), orderID: try row.optionalString("order_id"),
                              shopID: try row.optionalString("shop_id"), kind: kind,
                              amount: try row.optionalInt64("amount"), currency: try row.optionalString("currency"),
                              transactionID: try row.optionalString("transaction_id"),
                              createdAt: Timestamp(milliseconds: try row.int64("created_at")))
    }
}
