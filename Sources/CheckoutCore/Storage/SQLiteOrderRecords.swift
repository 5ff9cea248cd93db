import CheckoutSQLite
import Foundation

/// Row ⇄ `Order` mapping for the SQLite order store.
enum SQLiteOrderRecords {
    static let columns = """
        id, shop_id, user_id, status, amount_total, currency, shipping, share_code, scene, note,
        created_at, expires_at, paid_at, cancelled_at, cancellation_reason, fulfilled_at, completed_at,
        carrier, tracking_number
        """

    static func order(_ db: Database, id: String) throws -> Order? {
        guard let row = try db.queryOne("SELECT \(columns) FROM orders WHERE id = ?", [id]) else { return nil }
        return try order(db, row)
    }

    static func order(_ db: Database, _ row: Row) throws -> Order {
        let id = try row.string("id")
        let statusText = try row.string("status")
        guard let status = OrderStatus(rawValue: statusText) else {
            throw StorageCorruption("order \(id) has status \(statusText)")
        }
        let reason = try row.optionalString("cancellation_reason").map { text in
            guard let reason = CancellationReason(rawValue: text) else {
                throw StorageCorruption("order \(id) has cancellation reason \(text)")
            }
            return reason
        }
        var fulfillment: Fulfillment?
        if let carrier = try row.optionalString("carrier"), let number = try row.optionalString("tracking_number") {
            fulfillment = Fulfillment(carrier: carrier, trackingNumber: number)
        }
        var order = Order(
            id: id, shopID: try row.string("shop_id"), userID: try row.string("user_id"), status: status,
            items: try items(db, orderID: id), amountTotal: try row.int64("amount_total"),
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
        try SQLitePaymentRecords.attach(db, to: &order)
        return order
    }

    static func items(_ db: Database, orderID: String) throws -> [OrderItem] {
        try db.query("""
            SELECT product_id, title, unit_price, quantity, line_total FROM order_items
            WHERE order_id = ? ORDER BY position
            """, [orderID]).map { row in
            OrderItem(productID: try row.string("product_id"), title: try row.string("title"),
                      unitPrice: try row.int64("unit_price"), quantity: try row.int("quantity"),
                      lineTotal: try row.int64("line_total"))
        }
    }

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

    /// Puts the order's reserved units back on products with limited stock.
    static func releaseStock(_ db: Database, orderID: String) throws {
        try db.execute("""
            UPDATE products SET stock = stock + (
                SELECT sum(quantity) FROM order_items WHERE order_id = ?1 AND product_id = products.id)
            WHERE stock IS NOT NULL AND id IN (SELECT product_id FROM order_items WHERE order_id = ?1)
            """, [orderID])
    }

    static func encodeShipping(_ shipping: Shipping) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(shipping), as: UTF8.self)
    }

    static func decodeShipping(_ text: String) throws -> Shipping {
        try JSONDecoder().decode(Shipping.self, from: Data(text.utf8))
    }
}
