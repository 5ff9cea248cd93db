import CheckoutAPI
import Foundation

/// Shops, products, shoppers and orders made through the public API, for commerce tests
/// (in process, over a live socket or against the built binary).
public struct CommerceFixture: Sendable {
    /// A shop and its secret key.
    public struct ShopHandle: Sendable {
        public var id: String
        public var key: String
        /// `Authorization: Bearer <key>`.
        public var auth: [String: String] { CommerceFixture.bearer(key) }
    }

    public let client: InProcessClient
    public let adminToken: String

    public init(_ client: InProcessClient, adminToken: String = InProcessApp.adminToken) {
        self.client = client
        self.adminToken = adminToken
    }

    /// `["Authorization": "Bearer <token>"]`.
    public static func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

    public var admin: [String: String] { Self.bearer(adminToken) }

    /// The default shipping object of test orders.
    public static let shipping = #"{"name":"Li Lei","phone":"+86 138-0000-0000","address":"1 Test Road, Shanghai"}"#

    /// An order body: `items` as `[(product_id, quantity)]`, or nil to buy the cart.
    public static func orderBody(_ items: [(String, Int)]?, shipping: String = shipping) -> String {
        guard let items else { return #"{"shipping":\#(shipping)}"# }
        let lines = items.map { #"{"product_id":"\#($0.0)","quantity":\#($0.1)}"# }.joined(separator: ",")
        return #"{"items":[\#(lines)],"shipping":\#(shipping)}"#
    }

    public func createShop(name: String = "Tea House") async throws -> ShopHandle {
        let response = try await client.post("/v1/shops", json: #"{"name":"\#(name)"}"#, headers: admin)
        try Self.expect(response, 201, "create shop")
        let shop = response.json["shop"] as? [String: Any]
        guard let id = shop?["id"] as? String, let key = response.json["secret_key"] as? String else {
            throw TestError("create shop: \(response.text)")
        }
        return ShopHandle(id: id, key: key)
    }

    /// Creates a product and returns its id; `stock` nil is unlimited.
    public func createProduct(_ shop: ShopHandle, title: String = "Oolong", price: Int64 = 1_000, stock: Int64? = nil,
                              active: Bool = true) async throws -> String {
        let stockText = stock.map(String.init) ?? "null"
        let body = #"{"title":"\#(title)","price":\#(price),"stock":\#(stockText),"active":\#(active)}"#
        let response = try await client.post("/v1/products", json: body, headers: shop.auth)
        try Self.expect(response, 201, "create product")
        guard let id = response.json["id"] as? String else { throw TestError("create product: \(response.text)") }
        return id
    }

    /// Logs a sandbox shopper in and returns the session token.
    public func login(_ openid: String = "shopper-1") async throws -> String {
        let response = try await client.post("/v1/sessions", json: #"{"platform":"sandbox","code":"\#(openid)"}"#)
        try Self.expect(response, 201, "login")
        guard let token = response.json["token"] as? String else { throw TestError("login: \(response.text)") }
        return token
    }

    /// `POST /v1/shops/{shop_id}/orders` with `key` as Idempotency-Key (none when nil).
    public func placeOrder(_ token: String, shopID: String, items: [(String, Int)]?, key: String? = UUID().uuidString,
                           body: String? = nil) async throws -> TestResponse {
        var headers = Self.bearer(token)
        if let key { headers["Idempotency-Key"] = key }
        return try await client.post("/v1/shops/\(shopID)/orders", json: body ?? Self.orderBody(items), headers: headers)
    }

    /// The product's `stock` as its shop sees it (nil: unlimited).
    public func stock(of productID: String, shop: ShopHandle) async throws -> Int64? {
        let response = try await client.get("/v1/products/\(productID)", headers: shop.auth)
        try Self.expect(response, 200, "get product")
        return (response.json["stock"] as? NSNumber)?.int64Value
    }

    static func expect(_ response: TestResponse, _ status: Int, _ what: String) throws {
        guard response.status == status else { throw TestError("\(what): \(response.status) \(response.text)") }
    }
}

extension InProcessApp {
    /// Creates an app on a thread of its own: opening and migrating SQLite blocks on fsync, and
    /// the cooperative pool must stay free for the live servers' handlers of parallel tests.
    public static func make(_ backend: Backend = .sqlite,
                            configure: @escaping @Sendable (inout AppConfiguration) -> Void = { _ in },
                            shopperLogin: (any ShopperLogin)? = nil) async throws -> InProcessApp {
        let postgres = backend == .postgres ? try await PostgresTestDatabase.freshConfiguration(prefix: "api") : nil
        return try await Blocking.run { try InProcessApp(configure: configure, shopperLogin: shopperLogin, postgres: postgres) }
    }
}
