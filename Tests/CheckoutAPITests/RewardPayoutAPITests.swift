import CheckoutAPI
import CheckoutCore
import CheckoutSQLite
import CheckoutStoreSQLite
import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

/// Payouts through the whole app against the fake WeChat Pay platform, which checks every
/// request's signature: profit sharing on the prepay, receiver, split, query, release.
@Suite(.serialized) struct RewardPayoutAPITests {
    /// A paid order of 2 × 1500 credited to a sharer, with the program on (10 %, freeze 0).
    func paidCreditedOrder(_ f: PaymentAPIFixture) async throws -> (order: Order, sharer: User) {
        _ = try await f.app.rewards.service.updateProgram(shopID: f.shop.id,
                                                          RewardProgramUpdate(enabled: true, rateBps: 1000, freezeDays: 0))
        let sharer = try await f.services.sessions.createSession(platform: .sandbox, openid: "o-sharer").user
        let order = try await f.placeOrder()
        try await f.harness.sqlite.writer.write { db in
            try db.execute("UPDATE orders SET sharer_id = ? WHERE id = ?", [sharer.id, order.id])
        }
        #expect(try await f.pay(order).status == 201)
        let prepay = try #require(f.platform.received.last { $0.target == "/v3/pay/transactions/jsapi" })
        #expect((prepay.json["settle_info"] as? [String: Any])?["profit_sharing"] as? Bool == true)
        #expect(try await f.deliver(try f.platform.paymentNotification(order.id, amount: 3000)).status == 204)
        return (order, sharer)
    }

    /// Passes a minute apart (past any poll or backoff), from `start` seconds ahead.
    func drive(_ payouts: RewardPayouts, from start: Int64 = 0) async throws {
        for step in Int64(0)..<4 { await payouts.run(now: SystemClock().now().adding(seconds: start + step * 60)) }
    }

    func commission(_ f: PaymentAPIFixture) async throws -> [String: Any] {
        let list = try await f.client.get("/v1/commissions", headers: f.asShop)
        return try #require((list.json["data"] as? [[String: Any]])?.first)
    }

    @Test func aFulfilledSaleIsSplitToTheSharerAndTheRestReleased() async throws {
        try await PaymentAPIFixture.with { f in
            let (order, _) = try await paidCreditedOrder(f)
            #expect(try await commission(f)["status"] as? String == "pending")
            #expect(try await commission(f)["amount"] as? Int == 300)
            _ = try await f.services.orders.fulfill(id: order.id, shopID: f.shop.id, Fulfillment(carrier: "SF", trackingNumber: "1"))
            #expect(try await commission(f)["status"] as? String == "available")
            let payouts = f.app.rewards.service.payouts
            try await drive(payouts)
            let paid = try await commission(f)
            #expect(paid["status"] as? String == "paid_out")
            let id = try #require(paid["id"] as? String)
            #expect(f.platform.receivers == ["o-sharer"])
            #expect(f.platform.splits[id]?.receivers?.first?.amount == 300)
            #expect(f.platform.splits["\(order.id)-release"]?.state == "FINISHED")
            let calls = f.platform.received.filter { $0.target.hasPrefix("/v3/profitsharing/") }
            #expect(calls.filter { $0.target == "/v3/profitsharing/orders" }.count == 1)
            #expect(calls.filter { !$0.authorized }.isEmpty)
            #expect(payouts.metrics.count(.fundsReleased) == 1)
        }
    }

    @Test func aDownPlatformShowsOnTheCommissionAndInMetricsThenPays() async throws {
        try await PaymentAPIFixture.with { f in
            let (order, _) = try await paidCreditedOrder(f)
            _ = try await f.services.orders.fulfill(id: order.id, shopID: f.shop.id, Fulfillment(carrier: "SF", trackingNumber: "1"))
            f.platform.setMode(.failing(status: 500, code: "SYSTEM_ERROR"))
            let payouts = f.app.rewards.service.payouts
            await payouts.run()
            let failing = try await commission(f)
            let payout = try #require(failing["payout"] as? [String: Any])
            #expect(payout["state"] as? String == "processing")
            #expect((payout["failure"] as? String)?.contains("SYSTEM_ERROR") == true)
            #expect(payouts.metrics.count(.callFailed) == 1)
            f.platform.setMode(.normal)
            try await drive(payouts, from: 60)
            #expect(try await commission(f)["status"] as? String == "paid_out")
        }
    }
}
