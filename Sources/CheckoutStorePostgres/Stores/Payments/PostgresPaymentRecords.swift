import CheckoutCore

/// Row ⇄ model mapping for payments, refunds and anomalies.
enum PostgresPaymentRecords {
    static let paymentColumns = "id, order_id, provider, status, amount, currency, prepay_id, transaction_id, created_at, paid_at"
    /// `paymentColumns` qualified with the table alias `p`.
    static let prefixedPaymentColumns = paymentColumns.split(separator: ",")
        .map { "p." + String($0).trimmingWhitespace() }.joined(separator: ", ")
    static let refundColumns = """
        id, order_id, payment_id, amount, currency, status, origin, reason, submitted_at, created_at, settled_at
        """

    static func payment(_ row: PostgresRow) throws -> Payment {
        let id = try row.string("id")
        let statusText = try row.string("status")
        guard let status = Payment.Status(rawValue: statusText) else {
            throw StorageError(.corrupt, "payment \(id) has status \(statusText)")
        }
        return Payment(id: id, orderID: try row.string("order_id"), provider: try row.string("provider"),
                       status: status, amount: try row.int64("amount"),
                       currency: Currency(unchecked: try row.string("currency")),
                       prepayID: try row.optionalString("prepay_id"), transactionID: try row.optionalString("transaction_id"),
                       createdAt: try row.timestamp("created_at"), paidAt: try row.optionalTimestamp("paid_at"))
    }

    static func payment(_ db: PostgresConnection, orderID: String) throws -> Payment? {
        try db.queryOne("SELECT \(paymentColumns) FROM payments WHERE order_id = $1", [orderID]).map(payment)
    }

    static func refund(_ row: PostgresRow) throws -> Refund {
        let id = try row.string("id")
        let statusText = try row.string("status")
        let originText = try row.string("origin")
        guard let status = Refund.Status(rawValue: statusText), let origin = Refund.Origin(rawValue: originText) else {
            throw StorageError(.corrupt, "refund \(id) has status \(statusText), origin \(originText)")
        }
        return Refund(id: id, orderID: try row.string("order_id"), paymentID: try row.string("payment_id"),
                      amount: try row.int64("amount"), currency: Currency(unchecked: try row.string("currency")),
                      status: status, origin: origin, reason: try row.optionalString("reason"),
                      submitted: try row.optionalTimestamp("submitted_at") != nil,
                      createdAt: try row.timestamp("created_at"), settledAt: try row.optionalTimestamp("settled_at"))
    }

    /// The refund `id`; `lock` takes its row lock until the transaction ends.
    static func refund(_ db: PostgresConnection, id: String, lock: Bool = false) throws -> Refund? {
        try db.queryOne("SELECT \(refundColumns) FROM refunds WHERE id = $1" + (lock ? " FOR UPDATE" : ""), [id]).map(refund)
    }

    static func anomaly(_ row: PostgresRow) throws -> PaymentAnomaly {
        let kindText = try row.string("kind")
        guard let kind = PaymentAnomaly.Kind(rawValue: kindText) else {
            throw StorageError(.corrupt, "anomaly kind \(kindText)")
        }
        return PaymentAnomaly(id: try row.string("id"), orderID: try row.optionalString("order_id"),
                              shopID: try row.optionalString("shop_id"), kind: kind,
                              amount: try row.optionalInt64("amount"), currency: try row.optionalString("currency"),
                              transactionID: try row.optionalString("transaction_id"),
                              createdAt: try row.timestamp("created_at"))
    }
}
