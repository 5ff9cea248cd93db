import CheckoutAPI
import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

/// The reward program and per-product rates through the HTTP API, and who may see commissions.
@Suite struct RewardRoutesTests {
    @Test func theProgramHasDefaultsAndAPutKeepsWhatItDoesNotName() async throws {
        try await withApp { client in
            let shop = try await CommerceFixture(client).createShop()
            let initial = try await client.get("/v1/rewards", headers: shop.auth)
            #expect(initial.status == 200)
            #expect(initial.text == #"{"enabled":false,"freeze_days":7,"rate_bps":0}"#)
            let put = try await client.execute(.put, "/v1/rewards", headers: shop.auth.merging(["Content-Type": "application/json"]) { $1 },
                                               body: Array(#"{"enabled":true,"rate_bps":3000}"#.utf8))
            #expect(put.status == 200)
            #expect(put.json["rate_bps"] as? Int == 3000 && put.json["freeze_days"] as? Int == 7)
            #expect(try await client.get("/v1/rewards", headers: shop.auth).json["enabled"] as? Bool == true)
        }
    }

    @Test(arguments: [(#"{"rate_bps":3001}"#, "rate_bps"), (#"{"rate_bps":-1}"#, "rate_bps"),
                      (#"{"freeze_days":31}"#, "freeze_days"), (#"{"enabled":"yes"}"#, "enabled")])
    func anOutOfRangeProgramIs400NamingTheField(body: String, param: String) async throws {
        try await withApp { client in
            let shop = try await CommerceFixture(client).createShop()
            let response = try await client.execute(.put, "/v1/rewards", headers: shop.auth.merging(["Content-Type": "application/json"]) { $1 },
                                                    body: Array(body.utf8))
            #expect(response.status == 400)
            #expect(response.errorCode == "invalid_request")
            #expect(response.errorParam == param)
            #expect(try await client.get("/v1/rewards", headers: shop.auth).json["rate_bps"] as? Int == 0)
        }
    }

    @Test func productsTakeACappedCommissionRateOrNullForTheShopsRate() async throws {
        try await withApp { client in
            let shop = try await CommerceFixture(client).createShop()
            let created = try await client.post("/v1/products", json: #"{"title":"Tea","price":100,"commission_bps":2500}"#,
                                                headers: shop.auth)
            #expect(created.status == 201)
            #expect(created.json["commission_bps"] as? Int == 2500)
            let id = try #require(created.json["id"] as? String)
            let refused = try await client.patch("/v1/products/\(id)", json: #"{"commission_bps":3001}"#, headers: shop.auth)
            #expect(refused.status == 400 && refused.errorParam == "commission_bps")
            let cleared = try await client.patch("/v1/products/\(id)", json: #"{"commission_bps":null}"#, headers: shop.auth)
            #expect(cleared.text.contains(#""commission_bps":null"#))
            let listed = try await client.get("/v1/products", headers: shop.auth)
            #expect(listed.text.contains(#""commission_bps":null"#))
            let tooHigh = try await client.post("/v1/products", json: #"{"title":"Tea","price":100,"commission_bps":4000}"#,
                                                headers: shop.auth)
            #expect(tooHigh.status == 400 && tooHigh.errorParam == "commission_bps")
        }
    }

    @Test func commissionListsAreForTheirOwnCallersOnly() async throws {
        try await withApp { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let shopper = CommerceFixture.bearer(try await fixture.login())
            let mine = try await client.get("/v1/me/commissions", headers: shopper)
            #expect(mine.status == 200)
            #expect(mine.text == #"{"balance":{"adjustments":0,"available":0,"frozen":0,"paid_out":0,"pending":0,"total":0},"data":[],"has_more":false}"#)
            #expect(try await client.get("/v1/commissions", headers: shop.auth).text == #"{"data":[],"has_more":false}"#)
            #expect(try await client.get("/v1/commissions", headers: shopper).status == 403)
            #expect(try await client.get("/v1/me/commissions", headers: shop.auth).status == 403)
            #expect(try await client.get("/v1/rewards", headers: shopper).status == 403)
            #expect(try await client.get("/v1/rewards").status == 401)
            let bad = try await client.get("/v1/commissions?status=paid", headers: shop.auth)
            #expect(bad.status == 400 && bad.errorParam == "status")
        }
    }
}
