import CheckoutCore
import CheckoutSQLite

/// `ProductStore` on SQLite.
public struct SQLiteProductStore: ProductStore {
    let storage: SQLiteStorage

    public init(_ storage: SQLiteStorage) {
        self.storage = storage
    }

    public func insert(_ product: Product, commit: IdempotentCommit<Product>?) async throws -> IdempotentOutcome<Product> {
        try await storage.write(commit) { db in
            try db.execute("""
                INSERT INTO products (\(SQLiteRecords.productColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, Self.arguments(product))
            return product
        }
    }

    public func update(id: String, shopID: String,
                       _ change: @escaping @Sendable (inout Product) throws -> Void) async throws -> Product? {
        try await storage.write { [storage] db in
            guard var product = try SQLiteRecords.product(db, id: id), product.shopID == shopID else { return nil }
            try change(&product)
            // A restock, a new title or a deactivation: the stock gate forgets what it read.
            storage.stockGate.stockMayHaveRisen()
            try db.execute("""
                UPDATE products SET title = ?, description = ?, image_url = ?, price = ?, stock = ?,
                    active = ?, commission_bps = ?, updated_at = ?
                WHERE id = ?
                """, [product.title, product.description, product.imageURL, product.price, product.stock,
                      product.active, product.commissionBps, product.updatedAt.milliseconds, id])
            return product
        }
    }

    public func product(id: String) async throws -> Product? {
        try await storage.read { db in try SQLiteRecords.product(db, id: id) }
    }

    public func products(shopID: String, activeOnly: Bool, page: PageRequest) async throws -> Page<Product> {
        try await storage.read { db in try Self.page(db, shopID: shopID, activeOnly: activeOnly, page: page) }
    }

    public func activeProducts(ofShop shopID: String, page: PageRequest) async throws -> Page<Product>? {
        try await storage.read { db in
            var products: [Product] = []
            guard let hasMore = try Self.activePage(db, shopID: shopID, page: page, { products.append($0.product) })
            else { return nil }
            return Page(data: products, hasMore: hasMore)
        }
    }

    /// The shop's active products handed to `each`; the value is `has_more`, or nil when there
    /// is no such shop. A first page with rows proves the shop exists (shops are never
    /// deleted), so it is one statement; the shop is looked up only for an empty first page,
    /// and before a cursor is (an unknown shop wins).
    static func activePage(_ db: Database, shopID: String, page: PageRequest,
                           _ each: (ProductRecord) throws -> Void) throws -> Bool? {
        if page.startingAfter == nil {
            let first = try Self.page(db, shopID: shopID, activeOnly: true, page: page, each)
            if first.count > 0 { return first.hasMore }
            return try shopExists(db, shopID) ? false : nil
        }
        guard try shopExists(db, shopID) else { return nil }
        return try Self.page(db, shopID: shopID, activeOnly: true, page: page, each).hasMore
    }

    private static func shopExists(_ db: Database, _ shopID: String) throws -> Bool {
        try db.queryOne("SELECT 1 FROM shops WHERE id = ?", [shopID]) != nil
    }

    /// One page of the shop's products inside a read (or write) job.
    static func page(_ db: Database, shopID: String, activeOnly: Bool, page: PageRequest) throws -> Page<Product> {
        var products: [Product] = []
        let hasMore = try Self.page(db, shopID: shopID, activeOnly: activeOnly, page: page) { products.append($0.product) }.hasMore
        return Page(data: products, hasMore: hasMore)
    }

    /// One page of the shop's products handed to `each` in order.
    static func page(_ db: Database, shopID: String, activeOnly: Bool, page: PageRequest,
                     _ each: (ProductRecord) throws -> Void) throws -> (count: Int, hasMore: Bool) {
        let cursor = try Keyset.cursor(db, page: page, table: "products", scopeColumn: "shop_id", scope: shopID)
        let sql = switch (activeOnly, cursor == nil) {
        case (true, true): activeFirstPageSQL
        case (true, false): activeNextPageSQL
        case (false, true): allFirstPageSQL
        case (false, false): allNextPageSQL
        }
        // A first page's two arguments in one array (three arrays joined before).
        let arguments: [any SQLValueConvertible] = cursor == nil ? [shopID, page.limit + 1]
            : [shopID] + Keyset.arguments(cursor) + [page.limit + 1]
        return try SQLiteProductRows.page(db, sql, arguments, limit: page.limit, each)
    }

    private static func pageSQL(activeOnly: Bool, after: Bool) -> String {
        "SELECT \(SQLiteRecords.productColumns) FROM products WHERE shop_id = ?"
            + (activeOnly ? " AND active = 1" : "") + Keyset.condition(after ? (0, "") : nil)
            + " ORDER BY created_at DESC, id DESC LIMIT ?"
    }

    // Built once: the statement cache is keyed by the SQL text.
    private static let activeFirstPageSQL = pageSQL(activeOnly: true, after: false)
    private static let activeNextPageSQL = pageSQL(activeOnly: true, after: true)
    private static let allFirstPageSQL = pageSQL(activeOnly: false, after: false)
    private static let allNextPageSQL = pageSQL(activeOnly: false, after: true)

    static func arguments(_ p: Product) -> [any SQLValueConvertible] {
        [p.id, p.shopID, p.title, p.description, p.imageURL, p.price, p.currency.code, p.stock, p.active,
         p.commissionBps, p.createdAt.milliseconds, p.updatedAt.milliseconds]
    }
}

extension SQLiteProductStore: ImmediateProductReads {
    public func withProductNow(id: String, lane: Int, _ body: (ProductRecord?) throws -> Void) throws -> Bool {
        try storage.readNow(lane: lane) { db in try SQLiteProductRows.withProduct(db, id: id, body) }
    }

    /// A first page is one statement; with a cursor, the shop check, the cursor and the page
    /// share one read transaction, as in the pooled form.
    public func activeProductsNow(ofShop shopID: String, page: PageRequest, lane: Int,
                                  _ each: (ProductRecord) throws -> Void) throws -> ImmediateRead<Bool?> {
        var hasMore: Bool?
        let answered = try storage.readNow(lane: lane) { db in
            if page.startingAfter == nil {
                hasMore = try Self.activePage(db, shopID: shopID, page: page, each)
            } else {
                hasMore = try db.inReadTransaction { try Self.activePage(db, shopID: shopID, page: page, each) }
            }
        }
        return answered ? .value(hasMore) : .unavailable
    }
}
