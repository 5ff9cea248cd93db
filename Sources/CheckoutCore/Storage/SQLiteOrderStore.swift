import CheckoutSQLite

/// `OrderStore` on SQLite: every change of an order or its stock is one writer job.
public struct SQLiteOrderStore: OrderStore {
    let storage: SQLiteStorage

    public init(_ storage: SQLiteStorage) {
        self.storage = storage
    }

    public func place(_ placement: OrderPlacement) async throws -> Order {
        try await storage.writer.write { db in try Self.place(db, placement) }
    }

    static func place(_ db: Database, _ p: OrderPlacement) throws -> Order {
        guard let shopRow = try db.queryOne("SELECT currency FROM shops WHERE id = ?", [p.shopID]) else {
            throw CheckoutError.notFound("No such shop.")
        }
        let currency = Currency(unchecked: try shopRow.string("currency"))
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
            let product = try OrderPricing.check(line, product: try SQLiteRecords.product(db, id: line.productID),
                                                 shopID: p.shopID, param: param)
            // The guard keeps stock >= 0 whatever the concurrency; NULL (unlimited) stays NULL.
            try db.execute("UPDATE products SET stock = stock - ?1 WHERE id = ?2 AND (stock IS NULL OR stock >= ?1)",
                           [line.quantity, line.productID])
            guard db.changes == 1 else { throw OrderPricing.outOfStock(line, product: product, param: param) }
            items.append(try OrderPricing.item(line, product: product, param: param))
        }
        let total = try OrderPricing.total(items, currency: currency)
        let order = Order(id: p.id, shopID: p.shopID, userID: p.userID, status: .pendingPayment, items: items,
                          amountTotal: total.amount, currency: currency, shipping: p.shipping,
                          shareCode: p.shareCode, scene: p.scene, note: p.note, createdAt: p.createdAt,
                          expiresAt: p.expiresAt)
        try SQLiteOrderRecords.insert(db, order)
        if fromCart {
            for line in lines {
                try db.execute("DELETE FROM cart_items WHERE user_id = ? AND shop_id = ? AND product_id = ?",
                               [p.userID, p.shopID, line.productID])
            }
        }
        return order
    }

    public func order(id: String) async throws -> Order? {
        try await storage.readers.read { db in try SQLiteOrderRecords.order(db, id: id) }
    }

    public func orders(of owner: OrderOwner, status: OrderStatus?, page: PageRequest) async throws -> Page<Order> {
        try await storage.readers.read { db in
            let (column, scope): (StaticString, String) = switch owner {
            case .shop(let id): ("shop_id", id)
            case .user(let id): ("user_id", id)
            }
            let cursor = try Keyset.cursor(db, page: page, table: "orders", scopeColumn: column, scope: scope)
            var arguments: [any SQLValueConvertible] = [scope]
            var sql = "SELECT \(SQLiteOrderRecords.columns) FROM orders WHERE \(column) = ?"
            if let status {
                sql += " AND status = ?"
                arguments.append(status.rawValue)
            }
            sql += Keyset.condition(cursor) + " ORDER BY created_at DESC, id DESC LIMIT ?"
            arguments += Keyset.arguments(cursor) + [page.limit + 1]
            let rows = try db.query(sql, arguments)
            return Page(fetched: try rows.prefix(page.limit + 1).map { try SQLiteOrderRecords.order(db, $0) },
                        limit: page.limit)
        }
    }

    public func update(id: String, _ change: @escaping @Sendable (inout Order) throws -> Bool) async throws -> Order? {
        try await storage.writer.write { db in
            guard var order = try SQLiteOrderRecords.order(db, id: id) else { return nil }
            let previous = order.status
            let release = try change(&order)
            guard try SQLiteOrderRecords.update(db, order, previous: previous) else {
                throw CheckoutError.conflict("The order changed meanwhile; try again.")
            }
            if release { try SQLiteOrderRecords.releaseStock(db, orderID: id) }
            return order
        }
    }

    public func expireDue(now: Timestamp, limit: Int) async throws -> [String] {
        try await storage.writer.write { db in
            let due = try db.query("""
                SELECT id FROM orders WHERE status = 'pending_payment' AND expires_at <= ?
                ORDER BY expires_at LIMIT ?
                """, [now.milliseconds, limit]).map { try $0.string("id") }
            var expired = [String]()
            for id in due {
                // Guarded on the status: an order cancels, and releases its stock, exactly once.
                try db.execute("""
                    UPDATE orders SET status = 'cancelled', cancelled_at = ?, cancellation_reason = 'expired'
                    WHERE id = ? AND status = 'pending_payment'
                    """, [now.milliseconds, id])
                guard db.changes == 1 else { continue }
                try SQLiteOrderRecords.releaseStock(db, orderID: id)
                expired.append(id)
            }
            return expired
        }
    }
}
