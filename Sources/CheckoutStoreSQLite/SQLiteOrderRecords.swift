import CheckoutCore
import CheckoutCore
import CheckoutSQLite
import Foundation

/// Row ⇄ `Order` mapping for the SQLite order store.
enum SQLiteOrderRecords {
    static let columns = """
        id, shop_id, user_id, status, amount_total, currency, shipping, share_code, scene, note,
        created_at, expires_at, paid_at, cancelled_at, cancellation_reason, fulfilled_at, completed_at,
        carrier, tracking_number
        """

    /// `columns` read from `orders o`, with the order's payment (at most one) joined as `pay_*`.
    static let selectWithPayment = "SELECT " + columns.split(separator: ",")
        .map { let name = String($0).trimmingWhitespace(); return "o.\(name) AS \(name)" }.joined(separator: ", ")
        + ", p.id AS pay_id, p.provider AS pay_provider, p.status AS pay_status, p.prepay_id AS pay_prepay_id,"
        + " p.transaction_id AS pay_transaction_id FROM orders o LEFT JOIN payments p ON p.order_id = o.id"

    /// The order in two queries: its row with its payment, then its lines and refunds.
    static func order(_ db: Database, id: String) throws -> Order? {
        guard let row = try db.queryOne(selectWithPayment + " WHERE o.id = ?", [id]) else { return nil }
        return try order(db, row)
    }

    /// The order of a `selectWithPayment` row; reads its lines and refunds in one more query.
    static func order(_ db: Database, _ row: Row) throws -> Order {
        let id = try row.string("id")
        let statusText = try row.string("status")
        guard let status = OrderStatus(rawValue: statusText) else {
            throw StorageError(.corrupt, "order \(id) has status \(statusText)")
        }
        let reason = try row.optionalString("cancellation_reason").map { text in
            guard let reason = CancellationReason(rawValue: text) else {
                throw StorageError(.corrupt, "order \(id) has cancellation reason \(text)")
            }
            return reason
        }
        var fulfillment: Fulfillment?
        if let carrier = try row.optionalString("carrier"), let number = try row.optionalString("tracking_number") {
            fulfillment = Fulfillment(carrier: carrier, trackingNumber: number)
        }
        let (items, refunds) = try linesAndRefunds(db, orderID: id)
        var order = Order(
            id: id, shopID: try row.string("shop_id"), userID: try row.string("user_id"), status: status,
            items: items, amountTotal: try row.int64("amount_total"),
            currency: Currency(unchecked: try row.string("currency")),
            shipping: try decodeShipping(try row.string("shipping")),
            shareCode: try row.optionalString("share_code"), scene: try row.optionalInt("scene"),
            note: try row.optionalString("note"),
            createdAt: Timestamp(milliseconds: try row.int64("created_at")),
            expiresAt: Timestamp(milliseconds: try row.int64("expires_at")),
            paidAt: try SQLiteRecords.timestamp(row, "paid_at"),
            cancelledAt: try SQLiteRecords.timestamp(row, "cancelled_at"), cancellationReason: reason,
            fulfilledAt: try SQLiteRecords.timestamp(row, "fulfilled_at"),
            completedAt: try SQLiteRecords.timestamp(row, "completed_at"), fulfillment: fulfillment)
        // The payment shows once a prepay is confirmed or money arrived.
        if let paymentID = try row.optionalString("pay_id"),
           try row.optionalString("pay_prepay_id") != nil || row.string("pay_status") == Payment.Status.succeeded.rawValue {
            order.payment = OrderPaymentSummary(id: paymentID, provider: try row.string("pay_provider"),
                                                transactionID: try row.optionalString("pay_transaction_id"))
        }
        order.refunds = refunds
        return order
    }

    /// The order's lines (by position) and refund summaries (oldest first), in one query.
    static func linesAndRefunds(_ db: Database, orderID: String) throws -> ([OrderItem], [OrderRefundSummary]) {
        var items = [OrderItem]()
        var refunds = [OrderRefundSummary]()
        for row in try db.query(linesAndRefundsSQL, [orderID]) {
            if try row.int("kind") == 0 {
                items.append(OrderItem(productID: try row.string("a"), title: try row.string("b"),
                                       unitPrice: try row.int64("m"), quantity: try row.int("q"),
                                       lineTotal: try row.int64("t")))
            } else {
                refunds.append(OrderRefundSummary(id: try row.string("a"), amount: try row.int64("m"),
                                                  status: try row.string("b")))
            }
        }
        return (items, refunds)
    }

    private static let linesAndRefundsSQL = """
        SELECT 0 AS kind, position AS seq, product_id AS a, title AS b, unit_price AS m, quantity AS q,
            line_total AS t FROM order_items WHERE order_id = ?1
        UNION ALL
        SELECT 1, created_at, id, status, amount, NULL, NULL FROM refunds WHERE order_id = ?1
        ORDER BY kind, seq, a
        """

    static func insert(_ db: Database, _ order: Order, shippingJSON: String) throws {
        try db.execute("""
            INSERT INTO orders (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [order.id, order.shopID, order.userID, order.status.rawValue, order.amountTotal,
                  order.currency.code, shippingJSON, order.shareCode, order.scene,
                  order.note, order.createdAt.milliseconds, order.expiresAt.milliseconds,
                  order.paidAt?.milliseconds, order.cancelledAt?.milliseconds,
                  order.cancellationReason?.rawValue, order.fulfilledAt?.milliseconds,
                  order.completedAt?.milliseconds, order.fulfillment?.carrier,
                  order.fulfillment?.trackingNumber])
        for (position, item) in order.items.enumerated() {
            try db.execute("""
                INSERT INTO order_items (order_id, position, product_id, title, unit_price, quantity, line_total)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [order.id, position, item.productID, item.title, item.unitPrice, item.quantity, item.lineTotal])
        }
    }

    /// Saves the mutable part of `order` if it still has status `previous`; false otherwise.
    static func update(_ db: Database, _ order: Order, previous: OrderStatus) throws -> Bool {
        try db.execute("""
            UPDATE orders SET status = ?, paid_at = ?, cancelled_at = ?, cancellation_reason = ?,
                fulfilled_at = ?, completed_at = ?, carrier = ?, tracking_number = ?
            WHERE id = ? AND status = ?
            """, [order.status.rawValue, order.paidAt?.milliseconds, order.cancelledAt?.milliseconds,
                  order.cancellationReason?.rawValue, order.fulfilledAt?.milliseconds,
                  order.completedAt?.milliseconds, order.fulfillment?.carrier,
                  order.fulfillment?.trackingNumber, order.id, previous.rawValue])
        return db.changes == 1
    }

    /// Puts the order's reserved units back on products with limited stock, and tells `gate`
    /// (forgetting what it read is safe before the COMMIT: later placements queue behind this one).
    static func releaseStock(_ db: Database, orderID: String, gate: StockGate) throws {
        gate.stockMayHaveRisen()
        try db.execute("""
            UPDATE products SET stock = stock + (
                SELECT sum(quantity) FROM order_items WHERE order_id = ?1 AND product_id = products.id)
            WHERE stock IS NOT NULL AND id IN (SELECT product_id FROM order_items WHERE order_id = ?1)
            """, [orderID])
    }

    static func encodeShipping(_ shipping: Shipping) -> String {
        shipping.columnJSON
    }

    static func decodeShipping(_ text: String) throws -> Shipping {
        try JSONDecoder().decode(Shipping.self, from: Data(text.utf8))
    }
}
