import CheckoutAPI
import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

/// `POST /v1/shops`: the admin creates shops; the key is shown once and works.
@Suite(.serialized) struct ShopsTests {
    @Test(arguments: InProcessApp.Mode.allCases)
    func createShop_Answers201WithTheShopAndAWorkingSecretKey(mode: InProcessApp.Mode) async throws {
        try await withApp(mode) { client in
            let fixture = CommerceFixture(client)
            let response = try await client.post("/v1/shops", json: #"{"name":"  Tea House  ","currency":"cny"}"#,
                                                 headers: fixture.admin)
            #expect(response.status == 201)
            let shop = try #require(response.json["shop"] as? [String: Any])
            #expect((shop["id"] as? String)?.hasPrefix("shop_") == true)
            #expect(shop["name"] as? String == "Tea House")
            #expect(shop["currency"] as? String == "CNY")
            #expect(shop["created_at"] as? String == "2026-11-24T10:00:00Z")
            let key = try #require(response.json["secret_key"] as? String)
            #expect(key.hasPrefix("sk_"))
            let products = try await client.get("/v1/products", headers: CommerceFixture.bearer(key))
            #expect(products.status == 200)
        }
    }

    @Test func createShop_DefaultsToCNY() async throws {
        let response = try await withApp { client in
            try await client.post("/v1/shops", json: #"{"name":"A"}"#, headers: CommerceFixture(client).admin)
        }
        #expect((response.json["shop"] as? [String: Any])?["currency"] as? String == "CNY")
    }

    @Test(arguments: [
        (#"{}"#, "name"), (#"{"name":5}"#, "name"), (#"{"name":"   "}"#, "name"), (#"{"name":null}"#, "name"),
        (#"{"name":"A","currency":"XXX"}"#, "currency"), (#"{"name":"A","currency":12}"#, "currency"),
        (#"{"name":"\#(String(repeating: "n", count: 201))"}"#, "name"),
    ])
    func createShop_RefusesBadInputNamingTheField(body: String, param: String) async throws {
        let response = try await withApp { client in
            try await client.post("/v1/shops", json: body, headers: CommerceFixture(client).admin)
        }
        #expect(response.status == 400)
        #expect(response.errorCode == "invalid_request")
        #expect(response.errorParam == param)
    }

    @Test func createShop_RefusesNonJSONBodies() async throws {
        try await withApp { client in
            let admin = CommerceFixture(client).admin
            let text = try await client.execute(.post, "/v1/shops", headers: admin.merging(["Content-Type": "text/plain"]) { $1 },
                                                body: Array("name=A".utf8))
            #expect(text.status == 415)
            #expect(text.errorCode == "unsupported_media_type")
            let broken = try await client.post("/v1/shops", json: #"{"name":"#, headers: admin)
            #expect(broken.status == 400)
            #expect(broken.errorCode == "invalid_request")
            let array = try await client.post("/v1/shops", json: "[]", headers: admin)
            #expect(array.status == 400)
        }
    }

    @Test func createShop_IsForTheAdminOnly() async throws {
        try await withApp { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let token = try await fixture.login()
            let body = #"{"name":"B"}"#
            let none = try await client.post("/v1/shops", json: body)
            #expect(none.status == 401)
            #expect(none.errorCode == "unauthenticated")
            let bad = try await client.post("/v1/shops", json: body, headers: CommerceFixture.bearer("not-the-admin-token"))
            #expect(bad.status == 401)
            let asShop = try await client.post("/v1/shops", json: body, headers: shop.auth)
            #expect(asShop.status == 403)
            #expect(asShop.errorCode == "forbidden")
            let asShopper = try await client.post("/v1/shops", json: body, headers: CommerceFixture.bearer(token))
            #expect(asShopper.status == 403)
        }
    }

    @Test func createShop_WithoutAnAdminTokenConfigured_Is401() async throws {
        let response = try await withApp(configure: { $0.adminToken = nil }) { client in
            try await client.post("/v1/shops", json: #"{"name":"A"}"#, headers: CommerceFixture(client).admin)
        }
        #expect(response.status == 401)
    }

    @Test func createShop_WithAnIdempotencyKey_ReplaysTheSameShop() async throws {
        try await withApp { client in
            let headers = CommerceFixture(client).admin.merging(["Idempotency-Key": "shop-1"]) { $1 }
            let first = try await client.post("/v1/shops", json: #"{"name":"A"}"#, headers: headers)
            let again = try await client.post("/v1/shops", json: #"{"name":"A"}"#, headers: headers)
            let other = try await client.post("/v1/shops", json: #"{"name":"B"}"#, headers: headers)
            #expect(first.status == 201)
            #expect(again.status == 201)
            #expect(again.body == first.body)
            #expect(again.header("Idempotent-Replayed") == "true")
            #expect(other.status == 409)
            #expect(other.errorCode == "idempotency_key_reused")
        }
    }
}
