import CheckoutAPI
import CheckoutTesting
import Foundation
import Testing

/// Races over real sockets to a live server: stock never oversells, a key never runs twice.
@Suite(.serialized) struct ConcurrencyTests {
    @Test func fiftyShoppersRacingForFiveUnits_GetExactlyFiveOrders() async throws {
        try await withApp(.live) { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, title: "Limited", price: 9_900, stock: 5)
            var tokens: [String] = []
            for i in 0..<50 { tokens.append(try await fixture.login("racer-\(i)")) }
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for token in tokens {
                    group.addTask { try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)]) }
                }
                return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            let created = responses.filter { $0.status == 201 }
            let refused = responses.filter { $0.status == 409 }
            #expect(created.count == 5)
            #expect(refused.count == 45)
            #expect(refused.allSatisfy { $0.errorCode == "out_of_stock" && $0.errorParam == "items[0].quantity" })
            #expect(Set(created.compactMap { $0.json["id"] as? String }).count == 5)
            #expect(try await fixture.stock(of: product, shop: shop) == 0)
            let orders = try await client.get("/v1/orders?limit=100", headers: shop.auth)
            #expect((orders.json["data"] as? [Any])?.count == 5)
        }
    }

    @Test func sameIdempotencyKeySentTenTimesAtOnce_PlacesOneOrder() async throws {
        try await withApp(.live) { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, stock: 100)
            let token = try await fixture.login()
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 3)], key: "same-key") }
                }
                return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            let created = responses.filter { $0.status == 201 }
            #expect(!created.isEmpty)
            #expect(Set(created.map(\.body)).count == 1, "every 201 is the one order")
            #expect(created.filter { $0.header("Idempotent-Replayed") == nil }.count == 1)
            let others = responses.filter { $0.status != 201 }
            #expect(others.allSatisfy { $0.status == 409 && $0.errorCode == "conflict" }, "\(others.map(\.text))")
            #expect(try await fixture.stock(of: product, shop: shop) == 97)
            let orders = try await client.get("/v1/orders", headers: CommerceFixture.bearer(token))
            #expect((orders.json["data"] as? [Any])?.count == 1)
            let after = try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 3)], key: "same-key")
            #expect(after.status == 201)
            #expect(after.header("Idempotent-Replayed") == "true")
            #expect(after.body == created[0].body)
        }
    }

    @Test func concurrentCartAdds_NeverPassTheStock() async throws {
        try await withApp(.live) { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, stock: 10)
            let token = try await fixture.login()
            let path = "/v1/shops/\(shop.id)/cart/items"
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await client.post(path, json: #"{"product_id":"\#(product)","quantity":1}"#,
                                              headers: CommerceFixture.bearer(token))
                    }
                }
                return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            #expect(responses.filter { $0.status == 200 }.count == 10)
            #expect(responses.filter { $0.errorCode == "out_of_stock" }.count == 10)
            let cart = try await client.get("/v1/shops/\(shop.id)/cart", headers: CommerceFixture.bearer(token))
            #expect((cart.json["items"] as? [[String: Any]])?.first?["quantity"] as? Int == 10)
        }
    }
}
