import CheckoutCore
import CheckoutSQLite

/// `ShopStore` on SQLite.
public struct SQLiteShopStore: ShopStore {
    let storage: SQLiteStorage

    public init(_ storage: SQLiteStorage) {
        self.storage = storage
    }

    public func insert(_ shop: Shop, secretKeyHash: String, commit: IdempotentCommit<Shop>?)
        async throws -> IdempotentOutcome<Shop> {
        try await storage.write(commit) { db in
            try db.execute("""
                INSERT INTO shops (id, name, currency, secret_key_hash, created_at) VALUES (?, ?, ?, ?, ?)
                """, [shop.id, shop.name, shop.currency.code, secretKeyHash, shop.createdAt.milliseconds])
            return shop
        }
    }

    public func shop(id: String) async throws -> Shop? {
        try await storage.read { db in
            try db.queryOne("SELECT id, name, currency, created_at FROM shops WHERE id = ?", [id])
                .map(SQLiteRecords.shop)
        }
    }

    public func shop(secretKeyHash: String) async throws -> (shop: Shop, storedHash: String)? {
        let found = try await storage.read { db -> Pair? in
            guard let row = try db.queryOne("""
                SELECT id, name, currency, created_at, secret_key_hash FROM shops WHERE secret_key_hash = ?
                """, [secretKeyHash]) else { return nil }
            return Pair(shop: try SQLiteRecords.shop(row), hash: try row.string("secret_key_hash"))
        }
        return found.map { ($0.shop, $0.hash) }
    }

    public func hasShops() async throws -> Bool {
        try await storage.read { db in try db.queryOne("SELECT 1 FROM shops LIMIT 1") != nil }
    }

    private struct Pair: Sendable {
        let shop: Shop
        let hash: String
    }
}
