import CheckoutCore

/// `CartStore` on PostgreSQL: `carts` (one per user and shop) and `cart_items`.
public struct PostgresCartStore: CartStore {
    let storage: PostgresStorage

    public init(_ storage: PostgresStorage) {
        self.storage = storage
    }

    public func lines(userID: String, shopID: String) async throws -> [CartLine] {
        try await storage.readAutocommit { db in try Self.lines(db, userID: userID, shopID: shopID) }
    }

    public func updateLine(userID: String, shopID: String, productID: String, at time: Timestamp,
                           commit: IdempotentCommit<[CartLine]>?,
                           _ decide: @escaping @Sendable (Product?, Int?) throws -> Int)
        async throws -> IdempotentOutcome<[CartLine]> {
        try await storage.write(commit) { db in
            // Upserting the cart row first locks it: two changes of one cart (on any replica)
            // read and decide one after the other, so no added quantity is lost.
            try db.execute("""
                INSERT INTO carts (user_id, shop_id, created_at, updated_at) VALUES ($1, $2, $3, $3)
                ON CONFLICT (user_id, shop_id) DO UPDATE SET updated_at = carts.updated_at
                """, [userID, shopID, time])
            let product = try PostgresRecords.product(db, id: productID)
            let current = try db.queryOne("""
                SELECT quantity FROM cart_items WHERE user_id = $1 AND shop_id = $2 AND product_id = $3
                """, [userID, shopID, productID]).map { try $0.int("quantity") }
            let quantity = try decide(product, current)
            if quantity == 0 {
                try db.execute("DELETE FROM cart_items WHERE user_id = $1 AND shop_id = $2 AND product_id = $3",
                               [userID, shopID, productID])
            } else {
                try db.execute("UPDATE carts SET updated_at = $3 WHERE user_id = $1 AND shop_id = $2", [userID, shopID, time])
                try db.execute("""
                    INSERT INTO cart_items (user_id, shop_id, product_id, quantity, added_at) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (user_id, shop_id, product_id) DO UPDATE SET quantity = excluded.quantity
                    """, [userID, shopID, productID, quantity, time])
            }
            return try Self.lines(db, userID: userID, shopID: shopID)
        }
    }

    /// The lines, oldest added first, with their products as they are now.
    static func lines(_ db: PostgresConnection, userID: String, shopID: String) throws -> [CartLine] {
        try db.query("""
            SELECT c.quantity AS line_quantity, \(PostgresRecords.prefixedProductColumns)
            FROM cart_items c JOIN products p ON p.id = c.product_id
            WHERE c.user_id = $1 AND c.shop_id = $2
            ORDER BY c.added_at, c.product_id
            """, [userID, shopID]).map { row in
            CartLine(product: try PostgresRecords.product(row), quantity: try row.int("line_quantity"))
        }
    }
}
