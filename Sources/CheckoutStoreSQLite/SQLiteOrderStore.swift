import CheckoutCore
import CheckoutSQLite

/// `OrderStore` on SQLite: every change of an order or its stock is one writer job.
public struct SQLiteOrderStore: OrderStore {
    let storage: SQLiteStorage

    public init(_ storage: SQLiteStorage) {
        self.storage = storage
    }

    public func place(_ placement: OrderPlacement) async throws -> Order {
        // JSON encoding and the order id stay off the single writer thread.
        placement.mintID()
        let shippingJSON = SQLiteOrderRecords.encodeShipping(placement.shipping)
        return try await storage.write { [storage] db in
            try Self.place(db, placement, shippingJSON: shippingJSON, storage: storage)
        }
    }

    static func place(_ db: Database, _ p: OrderPlacement, shippingJSON: String,
                      storage: SQLiteStorage, reading: StockReading? = nil) throws -> Order {
        guard let currency = try storage.shopCurrencies.currency(db, shopID: p.shopID) else {
            throw CheckoutError.notFound("No such shop.")
        }
        let fromCart = p.lines == nil
        let lines = try p.lines ?? db.query("""
            SELECT product_id, quantity FROM cart_items WHERE user_id = ? AND shop_id = ?
            ORDER BY added_at, product_id
            """, [p.userID, p.shopID]).map { LineRequest(productID: try $0.string("product_id"), quantity: try $0.int("quantity")) }
        guard !lines.isEmpty else {
            throw CheckoutError.invalidRequest(fromCart ? "The cart is empty." : "An order needs at least one item.",
                                               param: "items")
        }
        var items = [OrderItem]()
        items.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            let param = OrderPricing.param(index: index, fromCart: fromCart)
            var product = try OrderPricing.check(line, product: try SQLiteRecords.product(db, id: line.productID),
                                                 shopID: p.shopID, param: param)
            // Unlimited stock (NULL, read in this transaction) is not touched: no write, no page.
            if let stock = product.stock {
                // The guard keeps stock >= 0 whatever the concurrency.
                try db.execute("UPDATE products SET stock = stock - ?1 WHERE id = ?2 AND stock >= ?1",
                               [line.quantity, line.productID])
                guard db.changes == 1 else {
                    reading?.record(product)
                    throw OrderPricing.outOfStock(line, product: product, param: param)
                }
                product.stock = stock - Int64(line.quantity)
            }
            reading?.record(product)
            items.append(try OrderPricing.item(line, product: product, param: param))
        }
        let total = try OrderPricing.total(items, currency: currency)
        let order = Order(id: p.id, shopID: p.shopID, userID: p.userID, status: .pendingPayment, items: items,
                          amountTotal: total.amount, currency: currency, shipping: p.shipping,
                          shareCode: p.shareCode, scene: p.scene, note: p.note, createdAt: p.createdAt,
                          expiresAt: p.expiresAt)
        try SQLiteOrderRecords.insert(db, order, shippingJSON: shippingJSON)
        if fromCart {
            for line in lines {
                try db.execute("DELETE FROM cart_items WHERE user_id = ? AND shop_id = ? AND product_id = ?",
                               [p.userID, p.shopID, line.productID])
            }
        }
        try storage.ledgerObservers.emit(.orderPlaced(order), db)
        return order
    }

    public func order(id: String) async throws -> Order? {
        try await storage.read { db in try SQLiteOrderRecords.order(db, id: id) }
    }

    public func orders(of owner: OrderOwner, status: OrderStatus?, page: PageRequest) async throws -> Page<Order> {
        try await storage.read { db in
            let (column, scope): (StaticString, String) = switch owner {
            case .shop(let id): ("shop_id", id)
            case .user(let id): ("user_id", id)
            }
            let cursor = try Keyset.cursor(db, page: page, table: "orders", scopeColumn: column, scope: scope)
            var arguments: [any SQLValueConvertible] = [scope]
            var sql = SQLiteOrderRecords.selectWithPayment + " WHERE o.\(column) = ?"
            if let status {
                sql += " AND o.status = ?"
                arguments.append(status.rawValue)
            }
            sql += Keyset.condition(cursor, alias: "o") + " ORDER BY o.created_at DESC, o.id DESC LIMIT ?"
            arguments += Keyset.arguments(cursor) + [page.limit + 1]
            let rows = try db.query(sql, arguments)
            return Page(fetched: try rows.prefix(page.limit + 1).map { try SQLiteOrderRecords.order(db, $0) },
                        limit: page.limit)
        }
    }

    public func expireDue(now: Timestamp, limit: Int) async throws -> [String] {
        try await storage.write { [storage] db in
            let due = try db.query("""
                SELECT id, shop_id FROM orders WHERE status = 'pending_payment' AND expires_at <= ?
                ORDER BY expires_at LIMIT ?
                """, [now.milliseconds, limit])
            var expired = [String]()
            for row in due {
                let id = try row.string("id")
                // Guarded on the status: an order cancels, and releases its stock, exactly once.
                try db.execute("""
                    UPDATE orders SET status = 'cancelled', cancelled_at = ?, cancellation_reason = 'expired'
                    WHERE id = ? AND status = 'pending_payment'
                    """, [now.milliseconds, id])
                guard db.changes == 1 else { continue }
                try SQLiteOrderRecords.releaseStock(db, orderID: id, gate: storage.stockGate)
                try storage.ledgerObservers.emit(.orderCancelled(orderID: id, shopID: try row.string("shop_id"),
                                                                 reason: .expired, at: now), db)
                expired.append(id)
            }
            return expired
        }
    }

    public func countsByStatus() async throws -> [OrderStatus: Int] {
        try await storage.read { db in
            var counts = [OrderStatus: Int]()
            for row in try db.query("SELECT status, count(*) AS n FROM orders GROUP BY status") {
                let text = try row.string("status")
                guard let status = OrderStatus(rawValue: text) else { throw StorageError(.corrupt, "order status \(text)") }
                counts[status] = try row.int("n")
            }
            return counts
        }
    }
}
