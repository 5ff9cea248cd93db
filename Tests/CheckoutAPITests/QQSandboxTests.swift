import CheckoutAPI
import CheckoutCore
import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

/// Sandbox mode without `QQ_*`/`QPAY_*`: a QQ shopper buys with both QQ flows, the sandbox
/// standing in for QQ Wallet (signed XML through the QQ Wallet callback) and for WeChat Pay in QQ.
@Suite struct QQSandboxTests {
    @Test(arguments: [("qpay", "bargainor_id"), ("wechatpay_qq", "referer")])
    func aQQShopper_PaysInTheSandboxAndIsRefunded(provider: String, param: String) async throws {
        let harness = try InProcessApp()
        defer { harness.close() }
        let client = InProcessClient(responder: harness.app.responder)
        let services = harness.app.services
        let created = try await services.catalog.createShop(ShopDraft(name: "QQ Tea"))
        let product = try await services.catalog.createProduct(in: created.shop, ProductDraft(title: "Oolong", price: 1500, stock: 5))
        let login = try await client.post("/v1/sessions", json: #"{"platform":"qq","code":"qq-sandbox-1"}"#)
        #expect(login.status == 201)
        let user = try #require(login.json["user"] as? [String: Any])
        #expect(user["platform"] as? String == "qq" && user["openid"] as? String == "qq-sandbox-1")
        let token = try #require(login.json["token"] as? String)
        let shopper = ["Authorization": "Bearer \(token)"]
        let order = try await client.post("/v1/shops/\(created.shop.id)/orders", json: """
            {"items":[{"product_id":"\(product.id)","quantity":1}],"shipping":{"name":"Li","phone":"13800000000","address":"1 Road"}}
            """, headers: shopper.merging(["Idempotency-Key": "o-1"]) { $1 })
        let orderID = try #require(order.json["id"] as? String)
        let payment = try await client.post("/v1/orders/\(orderID)/payments", json: #"{"provider":"\#(provider)"}"#,
                                            headers: shopper.merging(["Idempotency-Key": "p-1"]) { $1 })
        #expect(payment.status == 201, "\(payment.text)")
        #expect((payment.json["pay_params"] as? [String: Any])?[param] != nil)
        let paid = try await client.post("/v1/sandbox/orders/\(orderID)/pay", headers: shopper)
        #expect(paid.status == 200, "\(paid.text)")
        #expect(paid.json["status"] as? String == "paid")
        #expect((paid.json["payment"] as? [String: Any])?["provider"] as? String == provider)
        let refund = try await client.post("/v1/orders/\(orderID)/refunds", json: "{}",
                                           headers: ["Authorization": "Bearer \(created.secretKey)", "Idempotency-Key": "r-1"])
        #expect(refund.status == 201, "\(refund.text)")
        await harness.app.payments.sandbox?.waitForDeliveries()
        await harness.app.payments.service.waitForBackgroundWork()
        let final = try await services.orders.order(id: orderID, viewer: .shop(created.shop.id))
        #expect(final.status == .refunded)
    }
}
