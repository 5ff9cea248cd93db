import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

/// Sharer payouts and refunds across SIGKILL of the built binary, against the fake WeChat Pay
/// platform (which checks our signatures). The fake kills the binary right after it has acted
/// on a call and before its answer leaves: after the profit-sharing split, after the query that
/// finishes it, after the release of the rest, and after the refund. Each time the binary is
/// restarted on the same database; nothing is split, released or refunded twice, and the
/// ledger always sums to `balance.total`.
@Suite(.serialized) struct RewardsCrashBinaryTests {
    static let admin = "e2e-admin-token-0123456789"

    @Test func sigkillBetweenEachPlatformEffectAndItsAnswerNeverPaysTwiceAndTheLedgerAddsUp() async throws {
        let h = try RewardsCrashHarness(admin: Self.admin)
        defer { h.stop() }
        try await h.start()
        let sale = try await h.creditedPaidSale(price: 2500)
        #expect(try await h.mine(sale.sharer)["status"] as? String == "pending")
        let commission = try #require(try await h.mine(sale.sharer)["id"] as? String)
        let split = "/v3/profitsharing/orders"

        // 1. The split is made at the platform; its answer never reaches the binary.
        h.killOnce { $0.method == "POST" && $0.target == split }
        #expect(try await h.shop.post("/v1/orders/\(sale.order)/fulfill", json: #"{"carrier":"SF","tracking_number":"SF1"}"#,
                                      headers: h.shopAuth).status == 200)
        try await h.waitForKill(1)
        #expect(h.platform.splits[commission]?.receivers?.first?.amount == 250)
        #expect(try h.sql("SELECT status, payout_state, payout_out_order_no FROM commissions")
                == ["available|processing|\(commission)"])

        // 2. Restarted: it queries the split (PROCESSING, then FINISHED); the finishing answer is lost too.
        h.killOnce { [platform = h.platform] received in
            received.method == "GET" && received.target.hasPrefix("\(split)/\(commission)?")
                && platform.splits[commission]?.state == "FINISHED"
        }
        try await h.start()
        try await h.waitForKill(2)
        #expect(try h.sql("SELECT status, payout_state FROM commissions") == ["available|processing"])

        // 3. Restarted: the query settles it; the release of the rest is made, its answer lost.
        h.killOnce { $0.method == "POST" && $0.target == "\(split)/unfreeze" }
        try await h.start()
        try await h.waitForKill(3)
        #expect(try h.sql("SELECT status FROM commissions") == ["paid_out"])
        #expect(try h.sql("SELECT state FROM profit_sharing_holds") == ["due"])
        try await h.start()
        try await h.until("the rest is released") { try h.sql("SELECT state FROM profit_sharing_holds") == ["released"] }

        let posts = h.platform.received.filter { $0.method == "POST" && $0.target == split }
        #expect(posts.map { $0.json["out_order_no"] as? String } == [commission], "one split request, ever")
        let releases = h.platform.received.filter { $0.target == "\(split)/unfreeze" }
        #expect(Set(releases.map { $0.json["out_order_no"] as? String }) == ["\(sale.order)-release"])
        #expect(h.platform.received.allSatisfy { $0.authorized })
        var balance = try await h.balance(sale.sharer)
        #expect(balance["paid_out"] == 250 && balance["total"] == 250)
        #expect(try h.sql("SELECT sum(amount) FROM commission_entries") == ["250"])

        // 4. A refund after payout: the platform takes it, the binary never hears the answer.
        h.killOnce { $0.method == "POST" && $0.target == "/v3/refund/domestic/refunds" }
        let refundKey = ["Idempotency-Key": "crash-refund-1"].merging(h.shopAuth) { $1 }
        _ = try? await h.shop.post("/v1/orders/\(sale.order)/refunds", json: #"{"amount":1000}"#, headers: refundKey)
        try await h.waitForKill(4)
        // The refund is committed pending; the commission is untouched until the refund settles.
        #expect(try h.sql("SELECT status, provider_refund_id IS NULL FROM refunds") == ["pending|1"])
        #expect(try h.sql("SELECT amount, adjustment FROM commissions") == ["250|0"])
        try await h.start()
        let again = try await h.shop.post("/v1/orders/\(sale.order)/refunds", json: #"{"amount":1000}"#, headers: refundKey)
        #expect(again.status == 201, "\(again.text)")
        let refund = try #require(again.json["id"] as? String)
        #expect(try h.sql("SELECT id FROM refunds") == [refund])
        // The platform's notification settles it; a replay changes nothing.
        let settled = try h.platform.refundNotification(refund)
        for _ in 0..<2 { #expect(try await h.deliver(settled).status == 204) }

        let row = try await h.mine(sale.sharer)
        #expect(row["amount"] as? Int == 150 && row["adjustment"] as? Int == -100 && row["status"] as? String == "paid_out")
        balance = try await h.balance(sale.sharer)
        #expect(balance["paid_out"] == 250 && balance["adjustments"] == -100 && balance["total"] == 150)
        #expect(try h.sql("SELECT sum(amount) FROM commission_entries") == ["150"])
        let refunds = h.platform.received.filter { $0.target == "/v3/refund/domestic/refunds" }
        #expect(Set(refunds.map { $0.json["out_refund_no"] as? String }) == [refund], "one refund at the platform")
        let stats = try await h.shop.get("/v1/stats?group_by=sharer", headers: h.shopAuth)
        #expect((stats.json["data"] as? [[String: Any]])?.first?["commission"] as? Int == 150, "\(stats.text)")
        #expect(h.platform.received.filter { $0.method == "POST" && $0.target == split }.count == 1)
    }
}
