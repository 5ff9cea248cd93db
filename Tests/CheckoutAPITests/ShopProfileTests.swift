import CheckoutAPI
import CheckoutTesting
import Foundation
import Testing

/// `GET /v1/shops/{shop_id}`: anyone sees a shop's `{id, name, currency}` and nothing else.
@Suite(.serialized) struct ShopProfileTests {
    @Test(arguments: InProcessApp.Mode.allCases)
    func shopProfile_AnswersIdNameAndCurrencyWithoutAuth(mode: InProcessApp.Mode) async throws {
        try await withApp(mode) { client in
            let shop = try await CommerceFixture(client).createShop(name: "Tea House")
            let response = try await client.get("/v1/shops/\(shop.id)")
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(Set(response.json.keys) == ["id", "name", "currency"])
            #expect(response.json["id"] as? String == shop.id)
            #expect(response.json["name"] as? String == "Tea House")
            #expect(response.json["currency"] as? String == "CNY")
        }
    }

    @Test func shopProfile_IsTheSameForAShopKeyAndAShopper() async throws {
        try await withApp { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let token = try await fixture.login()
            let anonymous = try await client.get("/v1/shops/\(shop.id)")
            let asShop = try await client.get("/v1/shops/\(shop.id)", headers: shop.auth)
            let asShopper = try await client.get("/v1/shops/\(shop.id)", headers: CommerceFixture.bearer(token))
            #expect(asShop.body == anonymous.body)
            #expect(asShopper.body == anonymous.body)
            #expect(!anonymous.text.contains("sk_"))
        }
    }

    @Test(arguments: ["shop_unknown0000000000", "prod_x", "%20", "a%2Fb"])
    func shopProfile_UnknownShop_Is404InTheContractShape(id: String) async throws {
        let response = try await withApp { client in
            _ = try await CommerceFixture(client).createShop()
            return try await client.get("/v1/shops/\(id)")
        }
        #expect(response.status == 404)
        #expect(response.errorCode == "not_found")
        #expect(response.errorMessage?.isEmpty == false)
    }

    @Test func shopProfile_OtherMethods_Are405() async throws {
        let response = try await withApp { client in
            let shop = try await CommerceFixture(client).createShop()
            return try await client.delete("/v1/shops/\(shop.id)", headers: shop.auth)
        }
        #expect(response.status == 405)
        #expect(response.header("Allow")?.contains("GET") == true)
    }
}
