import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

/// One level only, through the API with real links, clicks and sandbox payments: A's link
/// brings B; B's own link brings C, who also clicked A's link: C's order earns for B alone,
/// never for A (B's upline); B's purchase through their own link earns nobody.
@Suite struct RewardAttributionAPITests {
    func mine(_ f: ShareFixture, _ token: String) async throws -> (orders: [String], balance: [String: Any]) {
        let response = try await f.client.get("/v1/me/commissions", headers: CommerceFixture.bearer(token))
        let rows = try #require(response.json["data"] as? [[String: Any]], "\(response.text)")
        return (rows.compactMap { $0["order_id"] as? String }, try #require(response.json["balance"] as? [String: Any]))
    }

    @Test func theUplineOfASharerIsNeverCredited() async throws {
        try await ShareFixture.with { f in
            let program = try await f.client.execute(.put, "/v1/rewards", headers: f.shop.auth,
                                                     body: Array(#"{"enabled":true,"rate_bps":1000}"#.utf8))
            #expect(program.status == 200)
            let a = try await f.commerce.login("upline-a")
            let b = try await f.commerce.login("sharer-b")
            let c = try await f.commerce.login("friend-c")
            let linkA = try await f.share(a)
            try await f.click(linkA, token: b)
            let first = try await f.order(b, shareCode: linkA)
            try await f.pay(b, first)

            let linkB = try await f.share(b, product: 1)
            try await f.click(linkA, token: c)
            try await f.click(linkB, token: c)
            let second = try await f.order(c, product: 1, shareCode: linkB)
            try await f.pay(c, second)
            let own = try await f.order(b, product: 1, shareCode: linkB)
            try await f.pay(b, own)
            let unnamed = try await f.order(c, shareCode: nil)
            try await f.pay(c, unnamed)

            let (aOrders, aBalance) = try await mine(f, a)
            #expect(aOrders == [first])
            #expect(aBalance.int("pending") == 150 && aBalance.int("total") == 150)
            let (bOrders, bBalance) = try await mine(f, b)
            #expect(bOrders == [second])
            #expect(bBalance.int("pending") == 200 && bBalance.int("total") == 200)
            #expect(try await mine(f, c).orders.isEmpty)
            let shopList = try await f.client.get("/v1/commissions", headers: f.shop.auth)
            #expect((shopList.json["data"] as? [[String: Any]])?.count == 2)
            let bySharer = try await f.stats("sharer")
            #expect(bySharer.values.map { $0.int("commission") ?? -1 }.sorted() == [150, 200])
        }
    }
}
