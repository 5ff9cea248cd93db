import CheckoutCore

/// `ShopStore` on PostgreSQL.
public struct PostgresShopStore: ShopStore {
    let storage: PostgresStorage

    public init(_ storage: PostgresStorage) {
        self.storage = storage
    }

    public func insert(_ shop: Shop, secretKeyHash: String, commit: IdempotentCommit<Shop>?)
        async throws -> IdempotentOutcome<Shop> {
        try await storage.write(commit) { db in
            _ = try db.execute("""
                INSERT INTO shops (id, name, currency, secret_key_hash, created_at) VALUES ($1, $2, $3, $4, $5)
                """, [shop.id, shop.name, shop.currency.code, secretKeyHash, shop.createdAt])
            return shop
        }
    }

    public func shop(id: String) async throws -> Shop? {
        try await storage.readAutocommit { db in
            try db.queryOne("SELECT id, name, currency, created_at FROM shops WHERE id = $1", [id]).map(PostgresRecords.shop)
        }
    }

    public func shop(secretKeyHash: String) async throws -> (shop: Shop, storedHash: String)? {
        let found = try await storage.readAutocommit { db -> ShopWithHash? in
            guard let row = try db.queryOne("""
                SELECT id, name, currency, created_at, secret_key_hash FROM shops WHERE secret_key_hash = $1
                """, [secretKeyHash]) else { return nil }
            return ShopWithHash(shop: try PostgresRecords.shop(row), hash: try row.string("secret_key_hash"))
        }
        return found.map { ($0.shop, $0.hash) }
    }

    public func hasShops() async throws -> Bool {
        try await storage.readAutocommit { db in try db.queryOne("SELECT 1 AS one FROM shops LIMIT 1") != nil }
    }

    private struct ShopWithHash: Sendable {
        let shop: Shop
        let hash: String
    }
}
