import CheckoutCore

/// `OrderStore` on PostgreSQL: every change of an order or its stock is one transaction;
/// stock moves only by a guarded UPDATE, status changes hold the order's row lock, and expiry
/// claims due orders with `FOR UPDATE SKIP LOCKED`, so replicas never expire one order twice.
public struct PostgresOrderStore: OrderStore {
    let storage: PostgresStorage

    public init(_ storage: PostgresStorage) {
        self.storage = storage
    }

    public func place(_ placement: OrderPlacement) async throws -> Order {
        let shippingJSON = PostgresOrderRecords.encodeShipping(placement.shipping)
        return try await storage.write { [storage] db in
            try Self.place(db, placement, shippingJSON: shippingJSON, observers: storage.ledgerObservers)
        }
    }

    static func place(_ db: PostgresConnection, _ p: OrderPlacement, shippingJSON: String,
                      observers: PostgresLedgerObservers) throws -> Order {
        guard let shopRow = try db.queryOne("SELECT currency FROM shops WHERE id = $1", [p.shopID]) else {
            throw CheckoutError.notFound("No such shop.")
        }
        let currency = Currency(unchecked: try shopRow.string("currency"))
        let fromCart = p.lines == nil
        let lines = try p.lines ?? db.query("""
            SELECT product_id, quantity FROM cart_items WHERE user_id = $1 AND shop_id = $2
            ORDER BY added_at, product_id
            """, [p.userID, p.shopID]).map { LineRequest(productID: try $0.string("product_id"), quantity: try $0.int("quantity")) }
        guard !lines.isEmpty else {
            throw CheckoutError.invalidRequest(fromCart ? "The cart is empty." : "An order needs at least one item.",
                                               param: "items")
        }
        var items = [OrderItem]()
        items.reserveCapacity(lines.count)
        var limited = [(line: LineRequest, product: Product, param: String)]()
        for (index, line) in lines.enumerated() {
            let param = OrderPricing.param(index: index, fromCart: fromCart)
            let product = try OrderPricing.check(line, product: try PostgresRecords.product(db, id: line.productID),
                                                 shopID: p.shopID, param: param)
            if let stock = product.stock {
                // Sold out as read: refused before any write (the guarded UPDATE below decides the rest).
                guard stock >= Int64(line.quantity) else { throw OrderPricing.outOfStock(line, product: product, param: param) }
                limited.append((line, product, param))
            }
            items.append(try OrderPricing.item(line, product: product, param: param))
        }
        let total = try OrderPricing.total(items, currency: currency)
        let order = Order(id: p.id, shopID: p.shopID, userID: p.userID, status: .pendingPayment, items: items,
                          amountTotal: total.amount, currency: currency, shipping: p.shipping,
                          shareCode: p.shareCode, scene: p.scene, note: p.note, createdAt: p.createdAt,
                          expiresAt: p.expiresAt)
        try PostgresOrderRecords.insert(db, order, shippingJSON: shippingJSON)
        if fromCart {
            for line in lines {
                try db.execute("DELETE FROM cart_items WHERE user_id = $1 AND shop_id = $2 AND product_id = $3",
                               [p.userID, p.shopID, line.productID])
            }
        }
        try observers.emit(.orderPlaced(order), db)
        try reserve(db, limited)
        return order
    }

    /// Takes the units of products with limited stock, last, so that a hot product's row lock is
    /// held only for this and the commit (a product read as unlimited takes no lock: the order
    /// then comes before any concurrent change of its stock). Products in id order, so two
    /// orders never wait on each other's rows in turn.
    static func reserve(_ db: PostgresConnection, _ limited: [(line: LineRequest, product: Product, param: String)]) throws {
        for (line, product, param) in limited.sorted(by: { $0.line.productID < $1.line.productID }) {
            // The guard keeps stock >= 0 whatever the concurrency, across replicas: the UPDATE
            // waits for a concurrent one on the row and re-checks the guard on its result.
            let changed = try db.execute("""
                UPDATE products SET stock = stock - $1 WHERE id = $2 AND (stock IS NULL OR stock >= $1)
                """, [line.quantity, line.productID])
            guard changed == 1 else { throw OrderPricing.outOfStock(line, product: product, param: param) }
        }
    }

    public func order(id: String) async throws -> Order? {
        try await storage.read { db in try PostgresOrderRecords.order(db, id: id) }
    }

    public func orders(of owner: OrderOwner, status: OrderStatus?, page: PageRequest) async throws -> Page<Order> {
        try await storage.read { db in
            let (column, scope): (StaticString, String) = switch owner {
            case .shop(let id): ("shop_id", id)
            case .user(let id): ("user_id", id)
            }
            let cursor = try PostgresKeyset.cursor(db, page: page, table: "orders", scopeColumn: column, scope: scope)
            var arguments: [any PostgresBindable] = [scope]
            var sql = PostgresOrderRecords.selectWithPayment + " WHERE o.\(column) = $1"
            if let status {
                sql += " AND o.status = $2"
                arguments.append(status.rawValue)
            }
            sql += PostgresKeyset.condition(cursor, alias: "o", firstIndex: arguments.count + 1)
            arguments += PostgresKeyset.arguments(cursor)
            sql += " ORDER BY o.created_at DESC, o.id DESC LIMIT $\(arguments.count + 1)"
            arguments.append(page.limit + 1)
            let rows = try db.query(sql, arguments)
            return Page(fetched: try rows.map { try PostgresOrderRecords.order(db, $0) }, limit: page.limit)
        }
    }

    public func expireDue(now: Timestamp, limit: Int) async throws -> [String] {
        try await storage.write { [storage] db in
            // SKIP LOCKED: due orders another replica is expiring (or paying) right now are left
            // to it; the status guard below makes each expiry happen once regardless.
            let due = try db.query("""
                SELECT id, shop_id FROM orders WHERE status = 'pending_payment' AND expires_at <= $1
                ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
                """, [now, limit])
            var expired = [String]()
            for row in due {
                let id = try row.string("id")
                let changed = try db.execute("""
                    UPDATE orders SET status = 'cancelled', cancelled_at = $1, cancellation_reason = 'expired'
                    WHERE id = $2 AND status = 'pending_payment'
                    """, [now, id])
                guard changed == 1 else { continue }
                try PostgresOrderRecords.releaseStock(db, orderID: id)
                try storage.ledgerObservers.emit(.orderCancelled(orderID: id, shopID: try row.string("shop_id"),
                                                                 reason: .expired, at: now), db)
                expired.append(id)
            }
            return expired
        }
    }

    public func countsByStatus() async throws -> [OrderStatus: Int] {
        try await storage.readAutocommit { db in
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
