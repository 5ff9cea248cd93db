import CheckoutCore

/// `ProductStore` on PostgreSQL.
public struct PostgresProductStore: ProductStore {
    let storage: PostgresStorage

    public init(_ storage: PostgresStorage) {
        self.storage = storage
    }

    public func insert(_ product: Product, commit: IdempotentCommit<Product>?) async throws -> IdempotentOutcome<Product> {
        try await storage.write(commit) { db in
            _ = try db.execute("""
                INSERT INTO products (\(PostgresRecords.productColumns))
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """, [product.id, product.shopID, product.title, product.description, product.imageURL, product.price,
                      product.currency.code, product.stock, product.active, product.commissionBps, product.createdAt,
                      product.updatedAt])
            return product
        }
    }

    public func update(id: String, shopID: String,
                       _ change: @escaping @Sendable (inout Product) throws -> Void) async throws -> Product? {
        try await storage.write { db in
            // The row lock makes concurrent edits (on any replica) apply one after the other.
            guard var product = try PostgresRecords.product(db, id: id, lock: true), product.shopID == shopID else {
                return nil
            }
            try change(&product)
            try db.execute("""
                UPDATE products SET title = $1, description = $2, image_url = $3, price = $4, stock = $5,
                    active = $6, commission_bps = $7, updated_at = $8
                WHERE id = $9
                """, [product.title, product.description, product.imageURL, product.price, product.stock,
                      product.active, product.commissionBps, product.updatedAt, id])
            return product
        }
    }

    public func product(id: String) async throws -> Product? {
        try await storage.readAutocommit { db in try PostgresRecords.product(db, id: id) }
    }

    public func products(shopID: String, activeOnly: Bool, page: PageRequest) async throws -> Page<Product> {
        try await storage.readAutocommit { db in try Self.page(db, shopID: shopID, activeOnly: activeOnly, page: page) }
    }

    public func activeProducts(ofShop shopID: String, page: PageRequest) async throws -> Page<Product>? {
        // Shops are never deleted: a first page with products proves the shop in one statement;
        // only an empty page (or a cursor, checked against an existing shop first) asks for it.
        try await storage.readAutocommit { db in
            let first = page.startingAfter == nil ? try Self.page(db, shopID: shopID, activeOnly: true, page: page) : nil
            if let first, !first.data.isEmpty { return first }
            guard try db.queryOne("SELECT 1 AS one FROM shops WHERE id = $1", [shopID]) != nil else { return nil }
            return try first ?? Self.page(db, shopID: shopID, activeOnly: true, page: page)
        }
    }

    static func page(_ db: PostgresConnection, shopID: String, activeOnly: Bool, page: PageRequest) throws -> Page<Product> {
        let cursor = try PostgresKeyset.cursor(db, page: page, table: "products", scopeColumn: "shop_id", scope: shopID)
        let sql = "SELECT \(PostgresRecords.productColumns) FROM products WHERE shop_id = $1"
            + (activeOnly ? " AND active" : "") + PostgresKeyset.condition(cursor, firstIndex: 2)
            + " ORDER BY created_at DESC, id DESC LIMIT $\(cursor == nil ? 2 : 4)"
        let rows = try db.query(sql, [shopID] + PostgresKeyset.arguments(cursor) + [page.limit + 1])
        return Page(fetched: try rows.map(PostgresRecords.product), limit: page.limit)
    }
}
