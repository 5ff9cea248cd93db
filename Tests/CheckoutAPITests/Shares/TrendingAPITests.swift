import CheckoutCore
import CheckoutTesting
import Foundation
import Testing

@Suite struct TrendingAPITests {
    func ranking(_ f: ShareFixture, _ query: String = "") async throws -> [(id: String, score: Int64)] {
        let response = try await f.client.get("/v1/shops/\(f.shop.id)/trending\(query)")
        #expect(response.status == 200, "\(response.text)")
        let data = try #require(response.json["data"] as? [[String: Any]])
        return data.map { (($0["product"] as? [String: Any])?["id"] as? String ?? "", $0.int("score") ?? -1) }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func productsRankByTenPerPaidOrderPlusClicksOverallAndInAScene(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            // Payments are stamped by the sandbox's wall clock: run the app's clock from now.
            f.clock.set(Timestamp(Date()))
            let third = try await f.commerce.createProduct(f.shop, title: "Jasmine", price: 900)
            let sharer = try await f.commerce.login("sharer")
            let buyer = try await f.commerce.login("buyer")
            let a = try await f.share(sharer, product: 0)
            let b = try await f.share(sharer, product: 1)
            let c = try await f.client.post("/v1/share-links", json: #"{"shop_id":"\#(f.shop.id)","product_id":"\#(third)"}"#,
                                            headers: CommerceFixture.bearer(sharer)).json["code"] as! String
            for n in 0..<12 { try await f.click(a, visitor: ShareFixture.visitor(n), scene: "1008") }
            for n in 0..<3 { try await f.click(b, visitor: ShareFixture.visitor(n), scene: "1007") }
            for n in 0..<25 { try await f.click(c, visitor: ShareFixture.visitor(n), scene: "1007") }
            let order = try await f.order(buyer, product: 1, shareCode: b, scene: 1008)
            try await f.pay(buyer, order)
            // An unpaid order counts nothing.
            _ = try await f.order(buyer, product: 0, shareCode: a, scene: 1008)

            #expect(try await ranking(f).map(\.id) == [third, f.products[1], f.products[0]])
            #expect(try await ranking(f).map(\.score) == [25, 13, 12])
            #expect(try await ranking(f, "?scene=1008").map(\.id) == [f.products[0], f.products[1]])
            #expect(try await ranking(f, "?scene=1008").map(\.score) == [12, 10])
            #expect(try await ranking(f, "?scene=1007&limit=1").map(\.id) == [third])
            // Inactive products drop out; ties go by product id.
            let patch = try await f.client.patch("/v1/products/\(third)", json: #"{"active":false}"#, headers: f.shop.auth)
            #expect(patch.status == 200)
            #expect(try await ranking(f).map(\.id) == [f.products[1], f.products[0]])
            try await f.click(a, visitor: ShareFixture.visitor(99), scene: "1008")
            #expect(try await ranking(f).map(\.score) == [13, 13])
            #expect(try await ranking(f).map(\.id) == [f.products[0], f.products[1]].sorted())
            // A day later, nothing is recent.
            f.clock.advance(seconds: 25 * 3600)
            #expect(try await ranking(f).isEmpty)
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func badParametersAndUnknownShops(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            for query in ["?limit=0", "?limit=51", "?limit=x", "?scene=abc", "?scene=99999"] {
                let response = try await f.client.get("/v1/shops/\(f.shop.id)/trending\(query)")
                #expect(response.status == 400, "\(query)")
            }
            #expect(try await f.client.get("/v1/shops/shop_unknown/trending").status == 404)
        }
    }
}
