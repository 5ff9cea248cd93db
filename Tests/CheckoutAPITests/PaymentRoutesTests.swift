import CheckoutAPI
import CheckoutCore
import CheckoutCrypto
import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

@Suite struct PaymentRoutesTests {
    @Test func fullFlowToPaidThenFulfilledAndCompleted() async throws {
        try await PaymentAPIFixture.with { f in
            let order = try await f.placeOrder()
            let created = try await f.pay(order, key: "pay-1")
            #expect(created.status == 201)
            let json = created.json
            #expect(json["status"] as? String == "pending")
            #expect(json["provider"] as? String == "wechatpay")
            let params = try #require(json["pay_params"] as? [String: String])
            #expect(WeChatPayPaySign.isValid(PayParameters(params), publicKey: f.platform.merchantKey.publicKey))
            let replay = try await f.pay(order, key: "pay-1")
            #expect(replay.body == created.body)
            #expect(replay.header("Idempotent-Replayed") == "true")

            let prepay = try #require(f.platform.received.first { $0.target == "/v3/pay/transactions/jsapi" })
            #expect(prepay.json["notify_url"] as? String == "https://shop.example/v1/payment-callbacks/wechatpay")
            #expect(prepay.json["out_trade_no"] as? String == order.id)

            let answer = try await f.deliver(try f.platform.paymentNotification(order.id, amount: Int(order.amountTotal)))
            #expect(answer.status == 204)
            let paid = try await f.order(order.id)
            #expect(paid.status == .paid)
            #expect(paid.payment?.id == json["id"] as? String)
            let fulfilled = try await f.services.orders.fulfill(id: order.id, shopID: f.shop.id,
                                                                 Fulfillment(carrier: "SF", trackingNumber: "SF1")).get()
            #expect(fulfilled.status == .fulfilled)
            #expect(try await f.services.orders.complete(id: order.id, by: .user(f.shopper.id)).get().status == .completed)
        }
    }

    @Test func paymentsNeedAnIdempotencyKeyAndTheOrdersShopper() async throws {
        try await PaymentAPIFixture.with { f in
            let order = try await f.placeOrder()
            let noKey = try await f.client.post("/v1/orders/\(order.id)/payments", headers: f.asShopper)
            #expect(noKey.status == 400)
            #expect(noKey.errorParam == "Idempotency-Key")
            let asShop = try await f.client.post("/v1/orders/\(order.id)/payments",
                                                 headers: f.asShop.merging(["Idempotency-Key": "k"]) { $1 })
            #expect(asShop.status == 403)
            let unknown = try await f.client.post("/v1/orders/ord_nope/payments",
                                                  headers: f.asShopper.merging(["Idempotency-Key": "k2"]) { $1 })
            #expect(unknown.status == 404)
        }
    }

    @Test func aPlatformDownDuringPrepayIs502AndTheOrderIsUnchanged() async throws {
        try await PaymentAPIFixture.with { f in
            let order = try await f.placeOrder()
            f.platform.setMode(.failing(status: 500, code: "SYSTEM_ERROR"))
            let failed = try await f.pay(order, key: "k")
            #expect(failed.status == 502)
            #expect(failed.errorCode == "bad_gateway")
            #expect(try await f.order(order.id) == order)
            f.platform.setMode(.down)
            let down = try await f.pay(order, key: "k")
            #expect(down.status == 502)
            #expect(try await f.order(order.id) == order)
        }
    }

    @Test func partialRefundThenRefundSuccessIsPartiallyRefundedAndMoreIsRefused() async throws {
        try await PaymentAPIFixture.with { f in
            let order = try await f.placeOrder()
            #expect(try await f.pay(order).status == 201)
            #expect(try await f.deliver(try f.platform.paymentNotification(order.id, amount: Int(order.amountTotal))).status == 204)
            let refund = try await f.client.post("/v1/orders/\(order.id)/refunds", json: #"{"amount":1000,"reason":"dented"}"#,
                                                 headers: f.asShop.merging(["Idempotency-Key": "r1"]) { $1 })
            #expect(refund.status == 201)
            #expect(refund.json["status"] as? String == "pending")
            #expect(refund.json["amount"] as? Int == 1000)
            let refundID = try #require(refund.json["id"] as? String)
            #expect(f.platform.received.contains { $0.target == "/v3/refund/domestic/refunds" && $0.json["out_refund_no"] as? String == refundID })
            let beyond = try await f.client.post("/v1/orders/\(order.id)/refunds", json: #"{"amount":2001}"#,
                                                 headers: f.asShop.merging(["Idempotency-Key": "r2"]) { $1 })
            #expect(beyond.status == 400)
            #expect(beyond.errorParam == "amount")
            #expect(try await f.order(order.id).status == .paid)
            #expect(try await f.deliver(try f.platform.refundNotification(refundID)).status == 204)
            let after = try await f.order(order.id)
            #expect(after.status == .partiallyRefunded)
            #expect(after.refunds.map(\.status) == ["succeeded"])
            let asShopper = try await f.client.post("/v1/orders/\(order.id)/refunds", json: "{}",
                                                    headers: f.asShopper.merging(["Idempotency-Key": "r3"]) { $1 })
            #expect(asShopper.status == 403)
        }
    }

    @Test func anomaliesAreListedForTheShop() async throws {
        try await PaymentAPIFixture.with { f in
            let order = try await f.placeOrder()
            #expect(try await f.pay(order).status == 201)
            #expect(try await f.deliver(try f.platform.paymentNotification(order.id, amount: 1)).status == 204)
            #expect(try await f.deliver(try f.platform.paymentNotification("ord_unknown_to_us", amount: 1)).status == 204)
            #expect(try await f.order(order.id).status == .pendingPayment)
            let list = try await f.client.get("/v1/payment-anomalies", headers: f.asShop)
            #expect(list.status == 200)
            let data = try #require(list.json["data"] as? [[String: Any]])
            #expect(data.count == 1)
            #expect(data.first?["kind"] as? String == "amount_mismatch")
            #expect(data.first?["order_id"] as? String == order.id)
            #expect(list.json["has_more"] as? Bool == false)
            #expect(try await f.count("SELECT count(*) AS n FROM payment_anomalies") == 2)
        }
    }

    @Test func sandboxPaymentsGoThroughTheSameCallbackPath() async throws {
        try await PaymentAPIFixture.with(sandbox: true, wechatPay: false) { f in
            let order = try await f.placeOrder()
            let created = try await f.pay(order)
            #expect(created.status == 201)
            #expect(created.json["provider"] as? String == "sandbox")
            let paid = try await f.client.post("/v1/sandbox/orders/\(order.id)/pay", headers: f.asShopper)
            #expect(paid.status == 200)
            #expect(paid.json["status"] as? String == "paid")
            #expect((paid.json["payment"] as? [String: Any])?["provider"] as? String == "sandbox")
            #expect(try await f.count("SELECT count(*) AS n FROM payment_notifications WHERE provider = 'sandbox'") == 1)
            let refund = try await f.client.post("/v1/orders/\(order.id)/refunds", json: "{}",
                                                 headers: f.asShop.merging(["Idempotency-Key": "r"]) { $1 })
            #expect(refund.status == 201)
            await f.app.payments.sandbox?.waitForDeliveries()
            #expect(try await f.order(order.id).status == .refunded)
        }
    }

    @Test func theSandboxRouteIsNotFoundOutsideSandboxMode() async throws {
        try await PaymentAPIFixture.with(sandbox: false) { f in
            let order = try await f.placeOrder()
            let answer = try await f.client.post("/v1/sandbox/orders/\(order.id)/pay", headers: f.asShopper)
            #expect(answer.status == 404)
            #expect(try await f.order(order.id).status == .pendingPayment)
        }
    }
}
