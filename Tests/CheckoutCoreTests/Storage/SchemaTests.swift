import CheckoutStoreSQLite
import CheckoutSQLite
import Testing
@testable import CheckoutCore

@Suite struct SchemaTests {
    @Test func migratingTwiceAppliesNothingTheSecondTime() async throws {
        try await TestEnvironment.with { env in
            let applied = try CheckoutSchema.migrator.migrate(env.storage.writer)
            let version = try CheckoutSchema.migrator.currentVersion(env.storage.writer)
            #expect(applied.isEmpty)
            #expect(version == CheckoutSchema.migrations.last?.version)
        }
    }

    @Test func theDatabaseRefusesNegativeStockAndBadQuantities() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let product = try await env.makeProduct(in: shop, stock: 1)
            let user = try await env.makeUser()
            await #expect(throws: DatabaseError.self) {
                try await env.storage.writer.write { db in
                    try db.execute("UPDATE products SET stock = -1 WHERE id = ?", [product.id])
                }
            }
            await #expect(throws: DatabaseError.self) {
                try await env.storage.writer.write { db in
                    try db.execute("INSERT INTO carts VALUES (?, ?, 0, 0)", [user.id, shop.id])
                    try db.execute("INSERT INTO cart_items VALUES (?, ?, ?, 1000, 0)", [user.id, shop.id, product.id])
                }
            }
            await #expect(throws: DatabaseError.self) {
                try await env.storage.writer.write { db in
                    try db.execute("INSERT INTO products (id, shop_id, title, price, currency, created_at, updated_at) VALUES ('p', 'shop_none', 't', 1, 'CNY', 0, 0)")
                }
            }
            #expect(try await env.stock(product.id) == 1)
        }
    }
}
