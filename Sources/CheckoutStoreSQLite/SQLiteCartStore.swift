import CheckoutCore
import CheckoutSQLite

/// `CartStore` on SQLite: `carts` (one per user and shop) and `cart_items`.
public struct SQLiteCartStore: CartStore {
    let storage: SQLiteStorage

    public init(_ storage: SQLiteStorage) {
        self.storage = storage
    }

    public func lines(userID: String, shopID: String) async throws -> [CartLine] {
        try await storage.read { db in try Self.lines(db, userID: userID, shopID: shopID) }
    }

    public func updateLine(userID: String, shopID: String, productID: String, at time: Timestamp,
                           commit: IdempotentCommit<[CartLine]>?,
                           _ decide: @escaping @Sendable (Product?, Int?) throws -> Int)
        async throws -> IdempotentOutcome<[CartLine]> {
        try await storage.write(commit) { db in
            let product = try SQLiteRecords.product(db, id: productID)
            let current = try db.queryOne("""
                SELECT quantity FROM cart_items WHERE user_id = ? AND shop_id = ? AND product_id = ?
                """, [userID, shopID, productID]).map { try $0.int("quantity") }
            let quantity = try decide(product, current)
            if quantity == 0 {
                try db.execute("DELETE FROM cart_items WHERE user_id = ? AND shop_id = ? AND product_id = ?",
                               [userID, shopID, productID])
            } else {
                try db.execute("""
                    INSERT INTO carts (user_id, shop_id, created_at, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (user_id, shop_id) DO UPDATE SET updated_at = excluded.updated_at
                    """, [userID, shopID, time.milliseconds, time.milliseconds])
                try db.execute("""
                    INSERT INTO cart_items (user_id, shop_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (user_id, shop_id, product_id) DO UPDATE SET quantity = excluded.quantity
                    """, [userID, shopID, productID, quantity, time.milliseconds])
            }
            return try Self.lines(db, userID: userID, shopID: shopID)
        }
    }

    /// The lines, oldest added first, with their products as they are now.
    static func lines(_ db: Database, userID: String, shopID: String) throws -> [CartLine] {
        try db.query("""
            SELECT c.quantity AS line_quantity, \(SQLiteRecords.prefixedProductColumns)
            FROM cart_items c JOIN products p ON p.id = c.product_id
            WHERE c.user_id = ? AND c.shop_id = ?
            ORDER BY c.added_at, c.product_id
            """, [userID, shopID]).map { row in
            CartLine(product: try SQLiteRecords.product(row), quantity: try row.int("line_quantity"))
        }
    }
}
