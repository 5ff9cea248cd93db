import CheckoutAPI
import CheckoutCore
import CheckoutTesting
import CheckoutWeChat
import Foundation

/// An in-process app (sandbox on, public URL `https://shop.example`) with a shop, two active
/// products and helpers to share, click, order, pay and refund through the API.
struct ShareFixture {
    let harness: InProcessApp
    let client: InProcessClient
    let commerce: CommerceFixture
    let shop: CommerceFixture.ShopHandle
    let products: [String]

    var app: CheckoutApp { harness.app }
    var clock: ManualClock { harness.clock }
    /// The live hub (every backend has a share store, so one).
    var hub: LiveStreamHub { harness.app.liveHub! }

    static func with(_ backend: InProcessApp.Backend = .sqlite, _ body: (ShareFixture) async throws -> Void) async throws {
        let harness = try await InProcessApp.make(backend) { c in c.publicURL = "https://shop.example" }
        defer { harness.close() }
        let client = InProcessClient(responder: harness.app.responder)
        let commerce = CommerceFixture(client)
        let shop = try await commerce.createShop()
        let first = try await commerce.createProduct(shop, title: "Oolong", price: 1_500)
        let second = try await commerce.createProduct(shop, title: "Pu-erh", price: 2_000)
        try await body(ShareFixture(harness: harness, client: client, commerce: commerce, shop: shop,
                                    products: [first, second]))
        await harness.app.payments.service.waitForBackgroundWork()
    }

    /// Makes a link as `token`'s shopper; returns its code.
    func share(_ token: String, product: Int = 0, channel: String? = nil, shopID: String? = nil) async throws -> String {
        let channelField = channel.map { #","channel":"\#($0)""# } ?? ""
        let response = try await client.post(
            "/v1/share-links", json: #"{"shop_id":"\#(shopID ?? shop.id)","product_id":"\#(products[product])"\#(channelField)}"#,
            headers: CommerceFixture.bearer(token))
        guard response.status == 201, let code = response.json["code"] as? String else {
            throw TestError("share: \(response.status) \(response.text)")
        }
        return code
    }

    /// Clicks `code` as a cookie visitor (`visitor` is the cc_vid) or a shopper (`token`).
    @discardableResult
    func click(_ code: String, visitor: String? = nil, token: String? = nil, scene: String? = nil,
               userAgent: String = "Mozilla/5.0 (iPhone) MicroMessenger/8.0") async throws -> TestResponse {
        var headers = ["User-Agent": userAgent]
        if let visitor { headers["Cookie"] = "cc_vid=\(visitor)" }
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await client.get("/s/\(code)" + (scene.map { "?scene=\($0)" } ?? ""), headers: headers)
    }

    /// A well-formed visitor id for `n`.
    static func visitor(_ n: Int) -> String {
        "v" + String(repeating: "0", count: 22 - String(n).count) + String(n)
    }

    /// Places an order of one unit of `product` with `share_code` (and scene); returns its id.
    func order(_ token: String, product: Int = 0, quantity: Int = 1, shareCode: String?, scene: Int? = nil) async throws -> String {
        var extra = shareCode.map { #","share_code":"\#($0)""# } ?? ""
        if let scene { extra += #","scene":\#(scene)"# }
        let body = #"{"items":[{"product_id":"\#(products[product])","quantity":\#(quantity)}],"shipping":\#(CommerceFixture.shipping)\#(extra)}"#
        let response = try await commerce.placeOrder(token, shopID: shop.id, items: nil, body: body)
        guard response.status == 201, let id = response.json["id"] as? String else {
            throw TestError("order: \(response.status) \(response.text)")
        }
        return id
    }

    /// Pays the order through the sandbox (as `provider`: `sandbox`, or `qpay` / `wechatpay_qq`
    /// that it stands in for); its notification is applied before this returns.
    func pay(_ token: String, _ orderID: String, provider: String = "sandbox") async throws {
        let started = try await client.post("/v1/orders/\(orderID)/payments", json: #"{"provider":"\#(provider)"}"#,
                                            headers: CommerceFixture.bearer(token).merging(["Idempotency-Key": UUID().uuidString]) { $1 })
        guard started.status == 201 else { throw TestError("pay: \(started.status) \(started.text)") }
        let paid = try await client.post("/v1/sandbox/orders/\(orderID)/pay", headers: CommerceFixture.bearer(token))
        guard paid.status == 200, paid.json["status"] as? String == "paid" else {
            throw TestError("sandbox pay: \(paid.status) \(paid.text)")
        }
    }

    /// Refunds `amount` of the order as the shop and waits for the sandbox to settle it.
    func refund(_ orderID: String, amount: Int64) async throws {
        let response = try await client.post("/v1/orders/\(orderID)/refunds", json: #"{"amount":\#(amount)}"#,
                                             headers: shop.auth.merging(["Idempotency-Key": UUID().uuidString]) { $1 })
        guard response.status == 201 else { throw TestError("refund: \(response.status) \(response.text)") }
        await app.payments.sandbox?.waitForDeliveries()
    }

    /// `GET /v1/stats` rows keyed by `key` ("none" for null).
    func stats(_ groupBy: String, from: String? = nil, to: String? = nil) async throws -> [String: [String: Any]] {
        var target = "/v1/stats?group_by=\(groupBy)"
        if let from { target += "&from=\(from)" }
        if let to { target += "&to=\(to)" }
        let response = try await client.get(target, headers: shop.auth)
        guard response.status == 200, let rows = response.json["data"] as? [[String: Any]] else {
            throw TestError("stats: \(response.status) \(response.text)")
        }
        return Dictionary(uniqueKeysWithValues: rows.map { (($0["key"] as? String) ?? "none", $0) })
    }

    /// The caller's own links by code.
    func myLinks(_ token: String) async throws -> [String: [String: Any]] {
        let response = try await client.get("/v1/me/share-links?limit=100", headers: CommerceFixture.bearer(token))
        guard response.status == 200, let rows = response.json["data"] as? [[String: Any]] else {
            throw TestError("links: \(response.status) \(response.text)")
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["code"] as! String, $0) })
    }
}

extension Dictionary where Key == String, Value == Any {
    /// An integer field.
    func int(_ name: String) -> Int64? { (self[name] as? NSNumber)?.int64Value }
}
