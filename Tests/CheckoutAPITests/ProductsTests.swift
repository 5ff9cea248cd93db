import CheckoutAPI
import CheckoutCore
import CheckoutTesting
import Foundation
import Testing

/// The catalog routes: create, patch, the shop's list, the public list and the public product.
@Suite(.serialized) struct ProductsTests {
    @Test(arguments: InProcessApp.Mode.allCases)
    func createProduct_Answers201WithEveryField(mode: InProcessApp.Mode) async throws {
        try await withApp(mode) { client in
            let shop = try await CommerceFixture(client).createShop()
            let response = try await client.post("/v1/products", json: #"""
                {"title":"Oolong","description":"Roasted","image_url":"https://img.example/o.png","price":3800,"stock":7,"unknown":1}
                """#, headers: shop.auth)
            #expect(response.status == 201)
            let json = response.json
            #expect((json["id"] as? String)?.hasPrefix("prod_") == true)
            #expect(json["shop_id"] as? String == shop.id)
            #expect(json["title"] as? String == "Oolong")
            #expect(json["description"] as? String == "Roasted")
            #expect(json["image_url"] as? String == "https://img.example/o.png")
            #expect(json["price"] as? Int == 3800)
            #expect(json["currency"] as? String == "CNY")
            #expect(json["stock"] as? Int == 7)
            #expect(json["active"] as? Bool == true)
        }
    }

    @Test func createProduct_WithoutStock_IsUnlimitedAndNullsAreExplicit() async throws {
        try await withApp { client in
            let shop = try await CommerceFixture(client).createShop()
            let response = try await client.post("/v1/products", json: #"{"title":"Tea","price":0}"#, headers: shop.auth)
            #expect(response.status == 201)
            #expect(response.text.contains(#""stock":null"#))
            #expect(response.text.contains(#""description":null"#))
            #expect(response.text.contains(#""image_url":null"#))
        }
    }

    @Test(arguments: [
        (#"{"price":100}"#, "title"), (#"{"title":"T"}"#, "price"), (#"{"title":7,"price":100}"#, "title"),
        (#"{"title":"T","price":-1}"#, "price"), (#"{"title":"T","price":12.5}"#, "price"),
        (#"{"title":"T","price":12.0}"#, "price"), (#"{"title":"T","price":"12"}"#, "price"),
        (#"{"title":"T","price":9223372036854775808}"#, "price"), (#"{"title":"T","price":1e3}"#, "price"),
        (#"{"title":"T","price":1000000000001}"#, "price"), (#"{"title":"T","price":100,"stock":-1}"#, "stock"),
        (#"{"title":"T","price":100,"stock":2.5}"#, "stock"), (#"{"title":"T","price":100,"active":"yes"}"#, "active"),
        (#"{"title":"T","price":100,"currency":"USD"}"#, "currency"),
        (#"{"title":"T","price":100,"image_url":"ftp://x/y.png"}"#, "image_url"),
        (#"{"title":"","price":100}"#, "title"),
    ])
    func createProduct_RefusesBadInputNamingTheField(body: String, param: String) async throws {
        let response = try await withApp { client in
            let shop = try await CommerceFixture(client).createShop()
            return try await client.post("/v1/products", json: body, headers: shop.auth)
        }
        #expect(response.status == 400, "\(response.text)")
        #expect(response.errorCode == "invalid_request")
        #expect(response.errorParam == param)
    }

    @Test func productRoutesForShops_RefuseOtherCallers() async throws {
        try await withApp { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop)
            let shopper = CommerceFixture.bearer(try await fixture.login())
            let body = #"{"title":"T","price":1}"#
            for headers in [[:], CommerceFixture.bearer("sk_not_a_key"), CommerceFixture.bearer("garbage-token-123")] {
                #expect(try await client.post("/v1/products", json: body, headers: headers).status == 401)
                #expect(try await client.patch("/v1/products/\(product)", json: body, headers: headers).status == 401)
                #expect(try await client.get("/v1/products", headers: headers).status == 401)
            }
            for headers in [shopper, fixture.admin] {
                #expect(try await client.post("/v1/products", json: body, headers: headers).status == 403)
                #expect(try await client.patch("/v1/products/\(product)", json: body, headers: headers).status == 403)
                #expect(try await client.get("/v1/products", headers: headers).errorCode == "forbidden")
            }
        }
    }

    @Test(arguments: InProcessApp.Mode.allCases)
    func patchProduct_ChangesOnlyTheGivenFields(mode: InProcessApp.Mode) async throws {
        try await withApp(mode) { app, client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, title: "Old", price: 100, stock: 3)
            app.clock.advance(seconds: 60)
            let patched = try await client.patch("/v1/products/\(product)", json: #"{"price":250,"stock":null}"#, headers: shop.auth)
            #expect(patched.status == 200)
            #expect(patched.json["price"] as? Int == 250)
            #expect(patched.json["title"] as? String == "Old")
            #expect(patched.text.contains(#""stock":null"#))
            #expect(patched.json["updated_at"] as? String == "2026-11-24T10:01:00Z")
            let hidden = try await client.patch("/v1/products/\(product)", json: #"{"active":false,"title":"New"}"#, headers: shop.auth)
            #expect(hidden.json["active"] as? Bool == false)
            #expect(hidden.json["title"] as? String == "New")
            let empty = try await client.patch("/v1/products/\(product)", json: "{}", headers: shop.auth)
            #expect(empty.status == 200)
            #expect(empty.json["title"] as? String == "New")
        }
    }

    @Test(arguments: [
        (#"{"price":-5}"#, "price"), (#"{"price":12.5}"#, "price"), (#"{"price":12.0}"#, "price"),
        (#"{"price":null}"#, "price"), (#"{"title":null}"#, "title"), (#"{"stock":-3}"#, "stock"),
        (#"{"active":1}"#, "active"), (#"{"title":"  "}"#, "title"),
    ])
    func patchProduct_RefusesBadInputNamingTheField(body: String, param: String) async throws {
        let response = try await withApp { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop)
            return try await client.patch("/v1/products/\(product)", json: body, headers: shop.auth)
        }
        #expect(response.status == 400, "\(response.text)")
        #expect(response.errorParam == param)
    }

    @Test func patchProduct_OfAnotherShopOrUnknown_Is404() async throws {
        try await withApp { client in
            let fixture = CommerceFixture(client)
            let mine = try await fixture.createShop(name: "Mine")
            let theirs = try await fixture.createShop(name: "Theirs")
            let product = try await fixture.createProduct(theirs)
            let other = try await client.patch("/v1/products/\(product)", json: #"{"price":1}"#, headers: mine.auth)
            #expect(other.status == 404)
            #expect(other.errorCode == "not_found")
            let emptyPatch = try await client.patch("/v1/products/\(product)", json: "{}", headers: mine.auth)
            #expect(emptyPatch.status == 404)
            let unknown = try await client.patch("/v1/products/prod_nope", json: #"{"price":1}"#, headers: mine.auth)
            #expect(unknown.status == 404)
            #expect(try await fixture.stock(of: product, shop: theirs) == nil)
        }
    }

    @Test func shopList_ShowsOnlyItsOwnProductsActiveOrNot_Paged() async throws {
        try await withApp { app, client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let other = try await fixture.createShop(name: "Other")
            _ = try await fixture.createProduct(other, title: "Theirs")
            var ids: [String] = []
            for i in 0..<3 {
                ids.append(try await fixture.createProduct(shop, title: "P\(i)", active: i != 1))
                app.clock.advance(seconds: 1)
            }
            let all = try await client.get("/v1/products", headers: shop.auth)
            let data = try #require(all.json["data"] as? [[String: Any]])
            #expect(data.compactMap { $0["id"] as? String } == ids.reversed())
            #expect(all.json["has_more"] as? Bool == false)
            let first = try await client.get("/v1/products?limit=2", headers: shop.auth)
            #expect((first.json["data"] as? [Any])?.count == 2)
            #expect(first.json["has_more"] as? Bool == true)
            let rest = try await client.get("/v1/products?limit=2&starting_after=\(ids[1])", headers: shop.auth)
            #expect(((rest.json["data"] as? [[String: Any]])?.first?["id"] as? String) == ids[0])
            #expect(rest.json["has_more"] as? Bool == false)
            for bad in ["limit=0", "limit=101", "limit=ten", "limit=2.5"] {
                let response = try await client.get("/v1/products?\(bad)", headers: shop.auth)
                #expect(response.status == 400)
                #expect(response.errorParam == "limit")
            }
        }
    }

    @Test(arguments: InProcessApp.Mode.allCases)
    func publicList_ShowsActiveProductsOnly(mode: InProcessApp.Mode) async throws {
        try await withApp(mode) { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let visible = try await fixture.createProduct(shop, title: "Visible")
            _ = try await fixture.createProduct(shop, title: "Hidden", active: false)
            let response = try await client.get("/v1/shops/\(shop.id)/products")
            #expect(response.status == 200)
            let data = try #require(response.json["data"] as? [[String: Any]])
            #expect(data.compactMap { $0["id"] as? String } == [visible])
            let unknown = try await client.get("/v1/shops/shop_nope/products")
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "not_found")
        }
    }

    @Test func publicProduct_InactiveIs404ExceptToItsShop() async throws {
        try await withApp { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            let other = try await fixture.createShop(name: "Other")
            let active = try await fixture.createProduct(shop, title: "On")
            let inactive = try await fixture.createProduct(shop, title: "Off", active: false)
            #expect(try await client.get("/v1/products/\(active)").status == 200)
            #expect(try await client.get("/v1/products/\(inactive)").status == 404)
            #expect(try await client.get("/v1/products/\(inactive)", headers: other.auth).status == 404)
            let shopper = CommerceFixture.bearer(try await fixture.login())
            #expect(try await client.get("/v1/products/\(inactive)", headers: shopper).status == 404)
            let own = try await client.get("/v1/products/\(inactive)", headers: shop.auth)
            #expect(own.status == 200)
            #expect(own.json["active"] as? Bool == false)
            #expect(try await client.get("/v1/products/prod_unknown").status == 404)
        }
    }
}
