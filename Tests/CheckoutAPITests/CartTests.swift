import CheckoutAPI
import CheckoutTesting
import Foundation
import Testing

/// The shopper's cart: one per shopper per shop, answered whole at today's prices.
@Suite(.serialized) struct CartTests {
    /// A shop with a product (price 1000, stock 5) and a logged-in shopper.
    struct Setup {
        var client: InProcessClient
        var fixture: CommerceFixture
        var shop: CommerceFixture.ShopHandle
        var product: String
        var shopper: [String: String]
        var items: String { "/v1/shops/\(shop.id)/cart/items" }
        var cart: String { "/v1/shops/\(shop.id)/cart" }

        init(_ client: InProcessClient) async throws {
            self.client = client
            fixture = CommerceFixture(client)
            shop = try await fixture.createShop()
            product = try await fixture.createProduct(shop, title: "Oolong", price: 1_000, stock: 5)
            shopper = CommerceFixture.bearer(try await fixture.login())
        }

        func add(_ product: String, _ quantity: Any) async throws -> TestResponse {
            try await client.post(items, json: #"{"product_id":"\#(product)","quantity":\#(quantity)}"#, headers: shopper)
        }
    }

    @Test(arguments: InProcessApp.Mode.allCases)
    func cart_AddSetAndRemoveLines_AnswersTheWholeCart(mode: InProcessApp.Mode) async throws {
        try await withApp(mode) { client in
            let s = try await Setup(client)
            let empty = try await client.get(s.cart, headers: s.shopper)
            #expect(empty.status == 200)
            #expect(empty.json["shop_id"] as? String == s.shop.id)
            #expect((empty.json["items"] as? [Any])?.isEmpty == true)
            #expect(empty.json["subtotal"] as? Int == 0)
            #expect(empty.json["currency"] as? String == "CNY")

            _ = try await s.add(s.product, 1)
            let added = try await s.add(s.product, 2)
            #expect(added.status == 200)
            let line = try #require((added.json["items"] as? [[String: Any]])?.first)
            #expect(line["product_id"] as? String == s.product)
            #expect(line["title"] as? String == "Oolong")
            #expect(line["unit_price"] as? Int == 1_000)
            #expect(line["quantity"] as? Int == 3)
            #expect(line["line_total"] as? Int == 3_000)
            #expect(line["available"] as? Bool == true)
            #expect(added.json["subtotal"] as? Int == 3_000)

            let set = try await client.patch("\(s.items)/\(s.product)", json: #"{"quantity":1}"#, headers: s.shopper)
            #expect(set.status == 200)
            #expect(set.json["subtotal"] as? Int == 1_000)
            let removed = try await client.delete("\(s.items)/\(s.product)", headers: s.shopper)
            #expect(removed.status == 200)
            #expect((removed.json["items"] as? [Any])?.isEmpty == true)
            let again = try await client.get(s.cart, headers: s.shopper)
            #expect((again.json["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func patchToZero_RemovesTheLine() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            _ = try await s.add(s.product, 2)
            let response = try await client.patch("\(s.items)/\(s.product)", json: #"{"quantity":0}"#, headers: s.shopper)
            #expect(response.status == 200)
            #expect((response.json["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func cart_IsPricedToday_AndFlagsUnavailableLines() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let other = try await s.fixture.createProduct(s.shop, title: "Cup", price: 500)
            _ = try await s.add(s.product, 2)
            _ = try await s.add(other, 1)
            _ = try await client.patch("/v1/products/\(s.product)", json: #"{"price":1200}"#, headers: s.shop.auth)
            _ = try await client.patch("/v1/products/\(other)", json: #"{"active":false}"#, headers: s.shop.auth)
            let cart = try await client.get(s.cart, headers: s.shopper)
            let items = try #require(cart.json["items"] as? [[String: Any]])
            #expect(items.count == 2)
            let tea = try #require(items.first { $0["product_id"] as? String == s.product })
            let cup = try #require(items.first { $0["product_id"] as? String == other })
            #expect(tea["unit_price"] as? Int == 1_200)
            #expect(tea["available"] as? Bool == true)
            #expect(cup["available"] as? Bool == false)
            #expect(cart.json["subtotal"] as? Int == 2_400)
        }
    }

    @Test func carts_ArePerShopperAndPerShop() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            _ = try await s.add(s.product, 2)
            let someoneElse = CommerceFixture.bearer(try await s.fixture.login("shopper-2"))
            let theirs = try await client.get(s.cart, headers: someoneElse)
            #expect((theirs.json["items"] as? [Any])?.isEmpty == true)
            let otherShop = try await s.fixture.createShop(name: "Other")
            let elsewhere = try await client.get("/v1/shops/\(otherShop.id)/cart", headers: s.shopper)
            #expect((elsewhere.json["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: [("0", 400), ("1000", 400), ("-1", 400), ("9223372036854775808", 400), ("1.5", 400),
                      ("2.0", 400), ("\"2\"", 400), ("null", 400), ("6", 409)])
    func addItem_RefusesBadQuantities(quantity: String, status: Int) async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let response = try await s.add(s.product, quantity)
            #expect(response.status == status, "\(response.text)")
            #expect(response.errorCode == (status == 409 ? "out_of_stock" : "invalid_request"))
            #expect(response.errorParam == "quantity")
        }
    }

    @Test func addItem_ALineHoldsAtMost999() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let unlimited = try await s.fixture.createProduct(s.shop, title: "Tea")
            #expect(try await s.add(unlimited, 999).status == 200)
            let over = try await s.add(unlimited, 1)
            #expect(over.status == 400)
            #expect(over.errorParam == "quantity")
            let stock = try await s.add(s.product, 5)
            #expect(stock.status == 200)
            let beyond = try await s.add(s.product, 1)
            #expect(beyond.status == 409)
            #expect(beyond.errorCode == "out_of_stock")
        }
    }

    @Test func addItem_ProductOfAnotherShopInactiveOrUnknown_Is400OnProductID() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let otherShop = try await s.fixture.createShop(name: "Other")
            let theirs = try await s.fixture.createProduct(otherShop)
            let inactive = try await s.fixture.createProduct(s.shop, active: false)
            for product in [theirs, inactive, "prod_unknown"] {
                let response = try await s.add(product, 1)
                #expect(response.status == 400)
                #expect(response.errorParam == "product_id")
            }
            let missing = try await client.post(s.items, json: #"{"quantity":1}"#, headers: s.shopper)
            #expect(missing.errorParam == "product_id")
            let wrongType = try await client.post(s.items, json: #"{"product_id":7,"quantity":1}"#, headers: s.shopper)
            #expect(wrongType.errorParam == "product_id")
        }
    }

    @Test func pathIDs_NotInTheCart_Are404() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let otherShop = try await s.fixture.createShop(name: "Other")
            let theirs = try await s.fixture.createProduct(otherShop)
            for product in [theirs, s.product, "prod_unknown"] {
                let patch = try await client.patch("\(s.items)/\(product)", json: #"{"quantity":1}"#, headers: s.shopper)
                #expect(patch.status == 404)
                #expect(patch.errorCode == "not_found")
                #expect(try await client.delete("\(s.items)/\(product)", headers: s.shopper).status == 404)
            }
            #expect(try await client.get("/v1/shops/shop_unknown/cart", headers: s.shopper).status == 404)
            let unknownShop = try await client.post("/v1/shops/shop_unknown/cart/items",
                                                    json: #"{"product_id":"\#(s.product)","quantity":1}"#, headers: s.shopper)
            #expect(unknownShop.status == 404)
        }
    }

    @Test(arguments: [#"{"quantity":1000}"#, #"{"quantity":-1}"#, #"{"quantity":1.5}"#, #"{}"#, #"{"quantity":"1"}"#])
    func patchItem_RefusesBadQuantities(body: String) async throws {
        try await withApp { client in
            let s = try await Setup(client)
            _ = try await s.add(s.product, 1)
            let response = try await client.patch("\(s.items)/\(s.product)", json: body, headers: s.shopper)
            #expect(response.status == 400)
            #expect(response.errorParam == "quantity")
        }
    }

    @Test func patchItem_OverStock_Is409OutOfStock() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            _ = try await s.add(s.product, 1)
            let response = try await client.patch("\(s.items)/\(s.product)", json: #"{"quantity":6}"#, headers: s.shopper)
            #expect(response.status == 409)
            #expect(response.errorCode == "out_of_stock")
        }
    }

    @Test func cartRoutes_AreForShoppersOnly() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let body = #"{"product_id":"\#(s.product)","quantity":1}"#
            for (headers, status) in [([:], 401), (CommerceFixture.bearer("sess_bogus"), 401), (s.shop.auth, 403),
                                      (s.fixture.admin, 403)] {
                #expect(try await client.get(s.cart, headers: headers).status == status)
                #expect(try await client.post(s.items, json: body, headers: headers).status == status)
                #expect(try await client.patch("\(s.items)/\(s.product)", json: #"{"quantity":1}"#, headers: headers).status == status)
                #expect(try await client.delete("\(s.items)/\(s.product)", headers: headers).status == status)
            }
        }
    }

    @Test func addItem_WithAnIdempotencyKey_AddsOnce() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let headers = s.shopper.merging(["Idempotency-Key": "add-1"]) { $1 }
            let body = #"{"product_id":"\#(s.product)","quantity":2}"#
            let first = try await client.post(s.items, json: body, headers: headers)
            let replay = try await client.post(s.items, json: body, headers: headers)
            #expect(replay.body == first.body)
            #expect(replay.header("Idempotent-Replayed") == "true")
            let cart = try await client.get(s.cart, headers: s.shopper)
            #expect(cart.json["subtotal"] as? Int == 2_000)
        }
    }
}
