import CheckoutAPI
import CheckoutCore
import CheckoutHTTP
import CheckoutQQ
import CheckoutSQLite
import CheckoutStoreSQLite
import CheckoutTesting
import CheckoutWeChat
import Foundation

/// An app configured for WeChat Pay against a fake platform (and the sandbox, and with `qq` QQ
/// login, QQ Wallet and WeChat Pay in QQ against fakes), with a shop, a product and a shopper.
struct PaymentAPIFixture {
    let platform: FakeWeChatPay
    /// Set with `qq: true`.
    let qpay: FakeQPay?
    let qqPlatform: FakeQQPlatform?
    let harness: InProcessApp
    let client: InProcessClient
    let shop: Shop
    let shopKey: String
    let product: Product
    let shopperToken: String
    let shopper: User

    var app: CheckoutApp { harness.app }
    var services: CheckoutServices { harness.app.services }

    static func with(sandbox: Bool = false, wechatPay: Bool = true, qq: Bool = false,
                     _ body: (PaymentAPIFixture) async throws -> Void) async throws {
        let platform = try FakeWeChatPay()
        let qpay = qq ? try FakeQPay() : nil
        let qqPlatform = qq ? try FakeQQPlatform(wechatPay: platform) : nil
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("cc-pay-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: keys) }
        let files = try platform.writeKeyFiles(to: keys)
        let harness = try InProcessApp(configure: { c in
            c.sandbox = sandbox
            c.publicURL = "https://shop.example"
            if let qpay, let qqPlatform {
                c.qq.appID = qqPlatform.appID
                c.qq.appSecret = qqPlatform.appSecret
                c.qq.apiBase = qqPlatform.baseURL
                c.qq.referer = "https://shop.example"
                c.qpay.merchantID = qpay.merchantID
                c.qpay.apiKey = qpay.apiKey
                c.qpay.apiBase = qpay.baseURL
                c.qpay.refunds = .init(certificatePath: (try? TestCertificates.shared().certificatePath) ?? "",
                                       keyPath: (try? TestCertificates.shared().keyPath) ?? "",
                                       operatorID: qpay.operatorID, operatorPassword: qpay.operatorPassword)
            }
            guard wechatPay else { return }
            c.wechat.appID = platform.appID
            c.wechatPay.merchantID = platform.merchantID
            c.wechatPay.apiV3Key = platform.apiV3Key
            c.wechatPay.merchantKeyPath = files.merchantKey
            c.wechatPay.merchantSerial = platform.merchantSerial
            c.wechatPay.platformCertificatePath = files.platformKey
            c.wechatPay.platformSerial = platform.platformSerial
            c.wechatPay.apiBase = platform.baseURL
        })
        defer { harness.close() }
        let services = harness.app.services
        let created = try await services.catalog.createShop(ShopDraft(name: "Tea House"))
        let product = try await services.catalog.createProduct(in: created.shop, ProductDraft(title: "Oolong", price: 1500, stock: 10))
        let session = try await services.sessions.createSession(platform: .sandbox, openid: "o-shopper")
        try await body(PaymentAPIFixture(platform: platform, qpay: qpay, qqPlatform: qqPlatform, harness: harness, client: InProcessClient(responder: harness.app.responder),
                                         shop: created.shop, shopKey: created.secretKey, product: product,
                                         shopperToken: session.token, shopper: session.user))
        await harness.app.payments.service.waitForBackgroundWork()
    }

    func placeOrder(_ quantity: Int = 2) async throws -> Order {
        try await services.orders.placeOrder(
            userID: shopper.id, shopID: shop.id,
            OrderDraft(items: [LineRequest(productID: product.id, quantity: quantity)],
                       shipping: Shipping(name: "Li Lei", phone: "+86 138 0000 0000", address: "1 Nanjing Rd, Shanghai")))
    }

    func order(_ id: String) async throws -> Order {
        try await services.orders.order(id: id, viewer: .shop(shop.id))
    }

    var asShopper: [String: String] { ["Authorization": "Bearer \(shopperToken)"] }
    var asShop: [String: String] { ["Authorization": "Bearer \(shopKey)"] }

    func pay(_ order: Order, key: String = UUID().uuidString, provider: String? = nil) async throws -> TestResponse {
        try await client.post("/v1/orders/\(order.id)/payments", json: provider.map { #"{"provider":"\#($0)"}"# } ?? "",
                              headers: asShopper.merging(["Idempotency-Key": key]) { $1 })
    }

    /// POSTs a signed message to the callback as the platform would.
    func deliver(_ message: WeChatPaySignedMessage) async throws -> TestResponse {
        var headers = [String: String]()
        for field in message.headers { headers[field.name] = field.value }
        headers["Content-Type"] = "application/json"
        return try await client.execute(.post, "/v1/payment-callbacks/wechatpay", headers: headers, body: message.body)
    }

    /// POSTs a QQ Wallet notification body to its callback.
    func deliverQPay(_ body: [UInt8]) async throws -> TestResponse {
        try await client.execute(.post, "/v1/payment-callbacks/qpay", headers: ["Content-Type": "text/xml"], body: body)
    }

    func count(_ sql: String) async throws -> Int64 {
        try await harness.sqlite.readers.read { db in try db.queryOne(sql)?.int64("n") ?? -1 }
    }
}
