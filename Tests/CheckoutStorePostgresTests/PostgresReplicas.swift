import CheckoutCore
import CheckoutStorePostgres
import CheckoutTesting
import Foundation

/// Several "replicas" in one test: each its own `PostgresStorage` (own pool, own connections)
/// and services, all on one fresh schema and one manual clock, as separate processes would be.
struct PostgresReplicas: Sendable {
    let storages: [PostgresStorage]
    let services: [CheckoutServices]
    let clock: ManualClock

    static func with<T: Sendable>(count: Int = 3, orderTTL: Int64 = 900,
                                  _ body: (PostgresReplicas) async throws -> T) async throws -> T {
        let configuration = try await PostgresTestDatabase.freshConfiguration()
        let storages = try await Blocking.run { try (0..<count).map { _ in try PostgresStorage.open(configuration, connections: 4) } }
        defer { storages.forEach { $0.close() } }
        let clock = ManualClock()
        let services = storages.map {
            CheckoutServices(stores: $0.stores, clock: clock, configuration: CheckoutConfiguration(orderTTLSeconds: orderTTL))
        }
        return try await body(PostgresReplicas(storages: storages, services: services, clock: clock))
    }

    var first: CheckoutServices { services[0] }

    func makeShop(_ name: String = "Tea House") async throws -> Shop {
        try await first.catalog.createShop(ShopDraft(name: name)).shop
    }

    func makeProduct(in shop: Shop, title: String = "Oolong", price: Int64 = 1500, stock: Int64? = nil) async throws -> Product {
        try await first.catalog.createProduct(in: shop, ProductDraft(title: title, price: price, stock: stock))
    }

    func makeUser(_ openid: String = "openid-1") async throws -> User {
        try await first.sessions.createSession(platform: .sandbox, openid: openid).user
    }

    func stock(_ productID: String) async throws -> Int64? {
        try await storages[0].pool.withConnection { db in
            try db.queryOne("SELECT stock FROM products WHERE id = $1", [productID])?.optionalInt64("stock")
        }
    }

    func count(_ sql: String, _ parameters: [any PostgresBindable] = []) async throws -> Int {
        try await storages[0].pool.withConnection { db in try db.queryOne(sql, parameters)!.int("n") }
    }

    static let shipping = Shipping(name: "Li Lei", phone: "+86 138 0000 0000", address: "1 Nanjing Rd, Shanghai")

    func draft(_ lines: [(Product, Int)]) -> OrderDraft {
        OrderDraft(items: lines.map { LineRequest(productID: $0.0.id, quantity: $0.1) }, shipping: Self.shipping)
    }
}
