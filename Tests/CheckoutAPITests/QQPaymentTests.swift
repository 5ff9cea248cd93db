import CheckoutAPI
import CheckoutCore
import CheckoutQQ
import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

/// QQ Wallet (`qpay`) and WeChat Pay in QQ (`wechatpay_qq`) through the API, against fakes.
@Suite struct QQPaymentTests {
    @Test func qpay_PaysOnceRefundsAndShowsItOnTheOrder() async throws {
        try await PaymentAPIFixture.with(qq: true) { f in
            let qpay = try #require(f.qpay)
            let order = try await f.placeOrder()
            let created = try await f.pay(order, provider: "qpay")
            #expect(created.status == 201, "\(created.text)")
            let params = try #require(created.json["pay_params"] as? [String: String])
            #expect(params["bargainor_id"] == qpay.merchantID)
            #expect(params["package"]?.hasPrefix("prepay_id=") == true)
            let sent = try #require(qpay.received.first)
            #expect(sent.fields["notify_url"] == "https://shop.example/v1/payment-callbacks/qpay")

            let notification = qpay.pay(order.id, amount: order.amountTotal)
            let answer = try await f.deliverQPay(notification)
            #expect(answer.status == 200)
            #expect(answer.text == "<xml><return_code>SUCCESS</return_code></xml>")
            let paid = try await f.order(order.id)
            #expect(paid.status == .paid && paid.payment?.provider == "qpay")
            // A repeat is acknowledged and changes nothing; both copies are kept raw.
            #expect(try await f.deliverQPay(notification).status == 200)
            #expect(try await f.count("SELECT count(*) AS n FROM payment_notifications WHERE provider = 'qpay'") == 2)
            #expect(try await f.count("SELECT count(*) AS n FROM payments WHERE status = 'succeeded'") == 1)

            let refund = try await f.client.post("/v1/orders/\(order.id)/refunds", json: #"{"amount":1000}"#,
                                                 headers: f.asShop.merging(["Idempotency-Key": "qr-1"]) { $1 })
            #expect(refund.status == 201, "\(refund.text)")
            // The answer is the refund as created, committed with its key; QQ Wallet's answer settles it.
            #expect(refund.json["status"] as? String == "pending")
            let refunded = try await f.order(order.id)
            #expect(refunded.status == .partiallyRefunded)
            #expect(refunded.refunds.first?.status == "succeeded")
        }
    }

    @Test func qpay_ForgedWrongAmountForeignAndHostileNotifications_ChangeNothing() async throws {
        try await PaymentAPIFixture.with(qq: true) { f in
            let qpay = try #require(f.qpay)
            let order = try await f.placeOrder()
            #expect(try await f.pay(order, provider: "qpay").status == 201)
            var forged = String(decoding: qpay.pay(order.id, amount: order.amountTotal), as: UTF8.self)
            forged = forged.replacingOccurrences(of: "<mch_id>\(qpay.merchantID)</mch_id>", with: "<mch_id>1</mch_id>")
            #expect(try await f.deliverQPay(Array(forged.utf8)).status == 401)
            let hostile: [[UInt8]] = [
                Array(#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><xml><sign>&b;</sign></xml>"#.utf8),
                Array("<xml><out_trade_no>".utf8) + [0xC3, 0x28] + Array("</out_trade_no></xml>".utf8),
                Array("not xml at all".utf8), [],
            ]
            for body in hostile { #expect(try await f.deliverQPay(body).status == 400) }
            // Signed, but for another amount or another merchant: anomalies, acknowledged, never paid.
            #expect(try await f.deliverQPay(qpay.pay(order.id, amount: 1)).status == 200)
            let other = try await f.placeOrder(1)
            #expect(try await f.pay(other, provider: "qpay").status == 201)
            #expect(try await f.deliverQPay(qpay.pay(other.id, amount: other.amountTotal, merchantID: "1999999999")).status == 200)
            #expect(try await f.order(order.id).status == .pendingPayment)
            #expect(try await f.order(other.id).status == .pendingPayment)
            let anomalies = try await f.client.get("/v1/payment-anomalies", headers: f.asShop)
            let kinds = (anomalies.json["data"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
            #expect(Set(kinds) == ["amount_mismatch", "merchant_mismatch"])
        }
    }

    @Test func qpay_CancelClosesTheTradeFirst() async throws {
        try await PaymentAPIFixture.with(qq: true) { f in
            let qpay = try #require(f.qpay)
            let order = try await f.placeOrder()
            #expect(try await f.pay(order, provider: "qpay").status == 201)
            let cancelled = try await f.client.post("/v1/orders/\(order.id)/cancel", headers: f.asShopper)
            #expect(cancelled.status == 200, "\(cancelled.text)")
            #expect(qpay.tradeState(order.id) == "CLOSED")
        }
    }

    @Test func wechatPayInQQ_PaysThroughTheWeChatPayCallbackAndKeepsItsProvider() async throws {
        try await PaymentAPIFixture.with(qq: true) { f in
            let qq = try #require(f.qqPlatform)
            let order = try await f.placeOrder()
            let created = try await f.pay(order, provider: "wechatpay_qq")
            #expect(created.status == 201, "\(created.text)")
            let params = try #require(created.json["pay_params"] as? [String: String])
            #expect(params["referer"] == "https://shop.example")
            #expect(params["url"]?.hasPrefix("https://wx.tenpay.com/") == true)
            #expect(qq.realNotifyURL(order.id) == "https://shop.example/v1/payment-callbacks/wechatpay")
            let answer = try await f.deliver(try f.platform.paymentNotification(order.id, amount: Int(order.amountTotal)))
            #expect(answer.status == 204)
            let paid = try await f.order(order.id)
            #expect(paid.status == .paid && paid.payment?.provider == "wechatpay_qq")
            let refund = try await f.client.post("/v1/orders/\(order.id)/refunds", json: "{}",
                                                 headers: f.asShop.merging(["Idempotency-Key": "wq-1"]) { $1 })
            #expect(refund.status == 201, "\(refund.text)")
            #expect(f.platform.received.contains { $0.target == "/v3/refund/domestic/refunds" })
        }
    }

    @Test func wechatPayInQQ_APendingOrderIsQueriedAtWeChatPayDirectly() async throws {
        try await PaymentAPIFixture.with(qq: true) { f in
            let order = try await f.placeOrder()
            #expect(try await f.pay(order, provider: "wechatpay_qq").status == 201)
            // Paid, but the forwarder never delivers the notification.
            f.platform.pay(order.id, amount: Int(order.amountTotal))
            f.harness.clock.advance(seconds: 301)
            let report = await f.app.payments.service.reconcile()
            #expect(report.queried == 1)
            #expect(try await f.order(order.id).status == .paid)
            #expect(f.platform.received.contains { $0.target.hasPrefix("/v3/pay/transactions/out-trade-no/\(order.id)") })
        }
    }
}
