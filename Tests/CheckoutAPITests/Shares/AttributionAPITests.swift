import CheckoutCore
import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

@Suite struct AttributionAPITests {
    @Test(arguments: InProcessApp.Backend.allCases) func anOrderWithinSevenDaysAfterAClickIsCreditedAtPlacementPaymentAndRefund(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let program = try await f.client.execute(.put, "/v1/rewards", headers: f.shop.auth.merging(["Content-Type": "application/json"]) { $1 },
                                                    body: Array(#"{"enabled":true,"rate_bps":1000}"#.utf8))
            #expect(program.status == 200, "\(program.text)")
            let sharer = try await f.commerce.login("sharer")
            let buyer = try await f.commerce.login("buyer")
            let code = try await f.share(sharer, channel: "group")
            try await f.click(code, token: buyer, scene: "1044")
            f.clock.advance(seconds: 7 * 86_400 - 1)
            let order = try await f.order(buyer, quantity: 2, shareCode: code, scene: 1044)
            var link = try #require(try await f.myLinks(sharer)[code])
            #expect(link.int("orders") == 1)
            #expect(link.int("paid_orders") == 0)
            try await f.pay(buyer, order)
            link = try #require(try await f.myLinks(sharer)[code])
            #expect(link.int("paid_orders") == 1)
            #expect(link.int("gmv") == 3_000)
            #expect((link["conversion"] as? NSNumber)?.doubleValue == 1)
            try await f.refund(order, amount: 1_000)
            link = try #require(try await f.myLinks(sharer)[code])
            #expect(link.int("refunded") == 1_000)
            #expect(link.int("gmv") == 3_000)
            let order2 = try await f.client.get("/v1/orders/\(order)", headers: CommerceFixture.bearer(buyer))
            #expect(order2.json["share_code"] as? String == code)
            #expect(order2.json["scene"] as? Int == 1044)
            let bySharer = try await f.stats("sharer")
            #expect(bySharer.count == 1)
            #expect(bySharer.values.first?.int("gmv") == 3_000)
            // 10% of the paid 3,000 earned at payment, rebased to 10% of 2,000 by the refund.
            #expect(bySharer.values.first?.int("commission") == 200)
            #expect(try await f.stats("scene")["1044"]?.int("paid_orders") == 1)
            #expect(try await f.stats("hour").values.reduce(0) { $0 + ($1.int("commission") ?? 0) } == 200, "over its hours")
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func afterSevenDaysSelfSharesAndAnotherShopsLinksCreditNobody(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            var sharer = try await f.commerce.login("sharer")
            let code = try await f.share(sharer)
            try await f.click(code, visitor: ShareFixture.visitor(1))
            f.clock.advance(seconds: 7 * 86_400 + 1)
            // Sessions last 7 days too: the same shoppers log in again.
            sharer = try await f.commerce.login("sharer")
            let buyer = try await f.commerce.login("buyer")
            _ = try await f.order(buyer, shareCode: code)
            // A click by anyone opens the window again; the sharer's own order still credits nobody.
            try await f.click(code, visitor: ShareFixture.visitor(2))
            _ = try await f.order(sharer, shareCode: code)
            // Another shop's link named on this shop's order.
            let other = try await f.commerce.createShop(name: "Other")
            let theirs = try await f.commerce.createProduct(other, title: "Theirs")
            let response = try await f.client.post(
                "/v1/share-links", json: #"{"shop_id":"\#(other.id)","product_id":"\#(theirs)"}"#,
                headers: CommerceFixture.bearer(sharer))
            let foreign = try #require(response.json["code"] as? String)
            try await f.click(foreign, visitor: ShareFixture.visitor(3))
            _ = try await f.order(buyer, shareCode: foreign)
            // An unknown code is kept on the order and credits nobody.
            _ = try await f.order(buyer, shareCode: "ZZZZZZZZZZZZ")
            let links = try await f.myLinks(sharer)
            #expect(links[code]?.int("orders") == 0)
            #expect(links[foreign]?.int("orders") == 0)
            #expect(try await f.stats("channel")["other"]?.int("orders") == 0)
            // Within the window, a buyer's order is credited.
            _ = try await f.order(buyer, shareCode: code)
            #expect(try await f.myLinks(sharer)[code]?.int("orders") == 1)
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func severalClicksByOneViewerCountOnceAnHourAndAsOneVisitor(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let sharer = try await f.commerce.login("sharer")
            let viewer = try await f.commerce.login("viewer")
            let code = try await f.share(sharer)
            for _ in 0..<5 { try await f.click(code, token: viewer) }
            f.clock.advance(seconds: 1800)
            try await f.click(code, token: viewer)
            f.clock.advance(seconds: 1800)
            try await f.click(code, token: viewer)
            // A cookie visitor is another viewer than the signed-in shopper.
            try await f.click(code, visitor: ShareFixture.visitor(9))
            let link = try #require(try await f.myLinks(sharer)[code])
            #expect(link.int("clicks") == 3)
            #expect(link.int("unique_visitors") == 2)
        }
    }
}
