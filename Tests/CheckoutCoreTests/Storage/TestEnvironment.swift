import CheckoutSQLite
import CheckoutStoreSQLite
import Foundation
@testable import CheckoutCore

/// A fresh temp-file database with every service on a manual clock; removed afterwards.
struct TestEnvironment: Sendable {
    let services: CheckoutServices
    let clock: ManualClock
    let storage: SQLiteStorage

    static func with<T: Sendable>(orderTTL: Int64 = 900,
                                  _ body: (TestEnvironment) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("checkout-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try SQLiteStorage.open(path: directory.appendingPathComponent("test.sqlite").path)
        defer { storage.close() }
        let clock = ManualClock()
        let services = CheckoutServices(stores: storage.stores, clock: clock,
                                        configuration: CheckoutConfiguration(orderTTLSeconds: orderTTL))
        return try await body(TestEnvironment(services: services, clock: clock, storage: storage))
    }

    func makeShop(_ name: String = "Tea House") async throws -> Shop {
        try await services.catalog.createShop(ShopDraft(name: name)).shop
    }

    func makeProduct(in shop: Shop, title: String = "Oolong", price: Int64 = 1500, stock: Int64? = nil,
                     active: Bool = true) async throws -> Product {
        try await services.catalog.createProduct(
            in: shop, ProductDraft(title: title, price: price, stock: stock, active: active))
    }

    func makeUser(_ openid: String = "openid-1") async throws -> User {
        try await services.sessions.createSession(platform: .sandbox, openid: openid).user
    }

    /// The product's stock as stored now.
    func stock(_ productID: String) async throws -> Int64? {
        try await storage.readers.read { db in
            try db.queryOne("SELECT stock FROM products WHERE id = ?", [productID])?.optionalInt64("stock")
        }
    }

    static let shipping = Shipping(name: "Li Lei", phone: "+86 138 0000 0000", address: "1 Nanjing Rd, Shanghai")

    func draft(_ lines: [(Product, Int)]?) -> OrderDraft {
        OrderDraft(items: lines?.map { LineRequest(productID: $0.0.id, quantity: $0.1) }, shipping: Self.shipping)
    }
}

/// Runs `body`, expecting a `CheckoutError`, and returns it (nil when none or another error).
func checkoutError(_ body: () async throws -> some Any) async -> CheckoutError? {
    do {
        _ = try await body()
        return nil
    } catch let error as CheckoutError {
        return error
    } catch {
        return nil
    }
}
