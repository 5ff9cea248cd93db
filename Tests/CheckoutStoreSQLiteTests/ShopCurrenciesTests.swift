import CheckoutCore
import CheckoutSQLite
import Foundation
import Testing
@testable import CheckoutStoreSQLite

/// Order placements read a shop's currency once per shop: later orders take it from memory, an
/// unknown shop is not remembered, and the cache starts over when full.
@Suite struct ShopCurrenciesTests {
    static func withStorage(_ body: (SQLiteStorage) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-currencies-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let storage = try SQLiteStorage.open(path: folder.appendingPathComponent("a.sqlite").path)
        defer {
            storage.close()
            try? FileManager.default.removeItem(at: folder)
        }
        try await body(storage)
    }

    @Test func aShopIsReadOnce_AndAnUnknownShopIsNotRemembered() async throws {
        try await Self.withStorage { storage in
            let services = CheckoutServices(stores: storage.stores, clock: ManualClock())
            let shop = try await services.catalog.createShop(ShopDraft(name: "Tea house", currency: "HKD")).shop
            let cache = ShopCurrencies()
            try storage.writer.writeAndWait { db in
                #expect(try cache.currency(db, shopID: "shop_unknown") == nil)
                #expect(cache.count == 0)
                #expect(try cache.currency(db, shopID: shop.id)?.code == "HKD")
                // Changed behind the cache (no statement of the server does this): the first
                // reading stands, so the second call did not read the row.
                try db.execute("UPDATE shops SET currency = 'CNY' WHERE id = ?", [shop.id])
                #expect(try cache.currency(db, shopID: shop.id)?.code == "HKD")
                #expect(cache.count == 1)
            }
        }
    }

    @Test func theCacheStartsOverWhenFull() async throws {
        try await Self.withStorage { storage in
            let services = CheckoutServices(stores: storage.stores, clock: ManualClock())
            let shops = [try await services.catalog.createShop(ShopDraft(name: "Shop A")).shop,
                         try await services.catalog.createShop(ShopDraft(name: "Shop B")).shop]
            let cache = ShopCurrencies()
            try storage.writer.writeAndWait { db in
                for index in 0..<(ShopCurrencies.capacity - 1) {
                    try db.execute("INSERT INTO shops (id, name, currency, secret_key_hash, created_at) VALUES (?, 'S', 'CNY', ?, 0)",
                                   ["shop_fill_\(index)", "hash_\(index)"])
                    _ = try cache.currency(db, shopID: "shop_fill_\(index)")
                }
                _ = try cache.currency(db, shopID: shops[0].id)
                #expect(cache.count == ShopCurrencies.capacity)
                #expect(try cache.currency(db, shopID: shops[1].id)?.code == "CNY")
                #expect(cache.count == 1)
            }
        }
    }
}
