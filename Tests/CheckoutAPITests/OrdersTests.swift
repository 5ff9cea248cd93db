import CheckoutAPI
import CheckoutCore
import CheckoutSQLite
import CheckoutStoreSQLite
import CheckoutTesting
import Foundation
import Testing

/// Placing, reading, listing and moving orders through the API.
@Suite(.serialized) struct OrdersTests {
    /// A shop with a product (price 1000, stock 5) and a logged-in shopper.
    struct Setup {
        var client: InProcessClient
        var fixture: CommerceFixture
        var shop: CommerceFixture.ShopHandle
        var product: String
        var token: String
        var shopper: [String: String] { CommerceFixture.bearer(token) }

        init(_ client: InProcessClient, stock: Int64? = 5) async throws {
            self.client = client
            fixture = CommerceFixture(client)
            shop = try await fixture.createShop()
            product = try await fixture.createProduct(shop, title: "Oolong", price: 1_000, stock: stock)
            token = try await fixture.login()
        }

        func order(_ items: [(String, Int)]? = nil, key: String? = UUID().uuidString, body: String? = nil) async throws -> TestResponse {
            try await fixture.placeOrder(token, shopID: shop.id, items: items ?? [(product, 2)], key: key, body: body)
        }

        func placed() async throws -> String {
            let response = try await order()
            guard response.status == 201, let id = response.json["id"] as? String else { throw TestError(response.text) }
            return id
        }
    }

    /// The whole journey: shop, product, login, cart, order, read, list, cancel.
    @Test(arguments: InProcessApp.Mode.allCases)
    func mainFlow_FromShopToPlacedOrder(mode: InProcessApp.Mode) async throws {
        try await withApp(mode) { client in
            let s = try await Setup(client)
            let cup = try await s.fixture.createProduct(s.shop, title: "Cup", price: 450)
            let add = try await client.post("/v1/shops/\(s.shop.id)/cart/items",
                                            json: #"{"product_id":"\#(s.product)","quantity":2}"#, headers: s.shopper)
            #expect(add.status == 200)
            _ = try await client.post("/v1/shops/\(s.shop.id)/cart/items", json: #"{"product_id":"\#(cup)","quantity":1}"#,
                                      headers: s.shopper)
            let body = #"{"shipping":\#(CommerceFixture.shipping),"share_code":"Ab12Cd34","scene":"1008","note":"gift wrap"}"#
            let placed = try await s.order(nil, key: "order-1", body: body)
            #expect(placed.status == 201, "\(placed.text)")
            let order = placed.json
            let id = try #require(order["id"] as? String)
            #expect(id.hasPrefix("ord_"))
            #expect(id.count <= 32)
            #expect(order["shop_id"] as? String == s.shop.id)
            #expect(order["status"] as? String == "pending_payment")
            #expect(order["amount_total"] as? Int == 2_450)
            #expect(order["currency"] as? String == "CNY")
            #expect(order["scene"] as? Int == 1008)
            #expect(order["share_code"] as? String == "Ab12Cd34")
            #expect(order["note"] as? String == "gift wrap")
            #expect(order["created_at"] as? String == "2026-11-24T10:00:00Z")
            #expect(order["expires_at"] as? String == "2026-11-24T10:15:00Z")
            #expect(placed.text.contains(#""paid_at":null"#))
            #expect(placed.text.contains(#""payment":null"#))
            #expect((order["refunds"] as? [Any])?.isEmpty == true)
            let items = try #require(order["items"] as? [[String: Any]])
            #expect(items.count == 2)
            let tea = try #require(items.first { $0["product_id"] as? String == s.product })
            #expect(tea["title"] as? String == "Oolong")
            #expect(tea["unit_price"] as? Int == 1_000)
            #expect(tea["quantity"] as? Int == 2)
            #expect(tea["line_total"] as? Int == 2_000)
            let shipping = try #require(order["shipping"] as? [String: Any])
            #expect(shipping["name"] as? String == "Li Lei")

            let cart = try await client.get("/v1/shops/\(s.shop.id)/cart", headers: s.shopper)
            #expect((cart.json["items"] as? [Any])?.isEmpty == true)
            #expect(try await s.fixture.stock(of: s.product, shop: s.shop) == 3)

            let mine = try await client.get("/v1/orders/\(id)", headers: s.shopper)
            #expect(mine.status == 200)
            #expect(mine.json["amount_total"] as? Int == 2_450)
            let theirs = try await client.get("/v1/orders/\(id)", headers: s.shop.auth)
            #expect(theirs.status == 200)
            let list = try await client.get("/v1/orders", headers: s.shopper)
            #expect(((list.json["data"] as? [[String: Any]])?.first?["id"] as? String) == id)

            let cancelled = try await client.post("/v1/orders/\(id)/cancel", headers: s.shopper)
            #expect(cancelled.status == 200)
            #expect(cancelled.json["status"] as? String == "cancelled")
            #expect(cancelled.json["cancelled_at"] as? String == "2026-11-24T10:00:00Z")
            #expect(try await s.fixture.stock(of: s.product, shop: s.shop) == 5)
        }
    }

    @Test func order_SnapshotsTitleAndPrice() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let id = try await s.placed()
            _ = try await client.patch("/v1/products/\(s.product)", json: #"{"price":9999,"title":"Renamed"}"#, headers: s.shop.auth)
            let order = try await client.get("/v1/orders/\(id)", headers: s.shopper)
            let item = try #require((order.json["items"] as? [[String: Any]])?.first)
            #expect(item["title"] as? String == "Oolong")
            #expect(item["unit_price"] as? Int == 1_000)
            #expect(order.json["amount_total"] as? Int == 2_000)
        }
    }

    // MARK: Idempotency

    @Test func placeOrder_WithoutAnIdempotencyKey_Is400OnTheHeader() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let response = try await s.order(key: nil)
            #expect(response.status == 400)
            #expect(response.errorCode == "invalid_request")
            #expect(response.errorParam == "Idempotency-Key")
            for bad in ["", String(repeating: "k", count: 256), "tab\there"] {
                let malformed = try await s.order(key: bad)
                #expect(malformed.status == 400, "key \(bad.prefix(10))")
                #expect(malformed.errorParam == "Idempotency-Key")
            }
            #expect(try await s.fixture.stock(of: s.product, shop: s.shop) == 5)
        }
    }

    @Test(arguments: InProcessApp.Mode.allCases)
    func placeOrder_Replay_AnswersTheSameOrderOnce(mode: InProcessApp.Mode) async throws {
        try await withApp(mode) { client in
            let s = try await Setup(client)
            let first = try await s.order(key: "k-1")
            let replay = try await s.order(key: "k-1")
            #expect(first.status == 201)
            #expect(replay.status == 201)
            #expect(replay.body == first.body)
            #expect(first.header("Idempotent-Replayed") == nil)
            #expect(replay.header("Idempotent-Replayed") == "true")
            let reused = try await s.order([(s.product, 1)], key: "k-1")
            #expect(reused.status == 409)
            #expect(reused.errorCode == "idempotency_key_reused")
            #expect(try await s.fixture.stock(of: s.product, shop: s.shop) == 3)
            let list = try await client.get("/v1/orders", headers: s.shopper)
            #expect((list.json["data"] as? [Any])?.count == 1)
        }
    }

    @Test func placeOrder_CommitsTheOrderAndTheKeysAnswerInOneWriterJob() async throws {
        try await withApp { app, client in
            let s = try await Setup(client)
            _ = try await s.placed()  // warm-up: the first request may touch the session
            let writer = app.sqlite.writer
            let before = writer.statistics.jobs
            let placed = try await s.order(key: "k-one-job")
            #expect(placed.status == 201)
            #expect(writer.statistics.jobs - before == 1, "claim, order and answer share one transaction")
            let stored = try await app.sqlite.readers.read { db in
                try db.queryOne("SELECT state, response_status, response_body FROM idempotency_keys WHERE key = ?",
                                ["k-one-job"]).map { (try $0.string("state"), try $0.int("response_status"),
                                                      try $0.optionalBytes("response_body")) }
            }
            #expect(stored?.0 == "completed")
            #expect(stored?.1 == 201)
            #expect(stored?.2 == placed.body)
        }
    }

    @Test func placeOrder_ReplayOfAFailure_AnswersTheSameError() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let first = try await s.order([(s.product, 6)], key: "k-oos")
            let replay = try await s.order([(s.product, 6)], key: "k-oos")
            #expect(first.status == 409)
            #expect(first.errorCode == "out_of_stock")
            #expect(replay.status == 409)
            #expect(replay.body == first.body)
            #expect(replay.header("Idempotent-Replayed") == "true")
        }
    }

    @Test func idempotencyKeys_ArePerCaller() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let other = try await s.fixture.login("shopper-2")
            let mine = try await s.order(key: "shared")
            let theirs = try await s.fixture.placeOrder(other, shopID: s.shop.id, items: [(s.product, 2)], key: "shared")
            #expect(mine.status == 201)
            #expect(theirs.status == 201)
            #expect(theirs.header("Idempotent-Replayed") == nil)
            #expect(mine.json["id"] as? String != theirs.json["id"] as? String)
        }
    }

    // MARK: Bad input

    @Test(arguments: [
        (#"{"items":[{"product_id":"P","quantity":1000}],"shipping":S}"#, "items[0].quantity", 400),
        (#"{"items":[{"product_id":"P","quantity":0}],"shipping":S}"#, "items[0].quantity", 400),
        (#"{"items":[{"product_id":"P","quantity":-2}],"shipping":S}"#, "items[0].quantity", 400),
        (#"{"items":[{"product_id":"P","quantity":9223372036854775808}],"shipping":S}"#, "items[0].quantity", 400),
        (#"{"items":[{"product_id":"P","quantity":1.5}],"shipping":S}"#, "items[0].quantity", 400),
        (#"{"items":[{"product_id":"P","quantity":"1"}],"shipping":S}"#, "items[0].quantity", 400),
        (#"{"items":[{"product_id":"P"}],"shipping":S}"#, "items[0].quantity", 400),
        (#"{"items":[{"product_id":"P","quantity":1},{"quantity":1}],"shipping":S}"#, "items[1].product_id", 400),
        (#"{"items":[{"product_id":"prod_unknown","quantity":1}],"shipping":S}"#, "items[0].product_id", 400),
        (#"{"items":[],"shipping":S}"#, "items", 400),
        (#"{"items":{},"shipping":S}"#, "items", 400),
        (#"{"items":[{"product_id":"P","quantity":1}]}"#, "shipping", 400),
        (#"{"items":[{"product_id":"P","quantity":1}],"shipping":{"name":"A","address":"B"}}"#, "shipping.phone", 400),
        (#"{"items":[{"product_id":"P","quantity":1}],"shipping":{"name":"A","phone":138,"address":"B"}}"#, "shipping.phone", 400),
        (#"{"items":[{"product_id":"P","quantity":1}],"shipping":{"name":"A","phone":"call me","address":"B"}}"#, "shipping.phone", 400),
        (#"{"items":[{"product_id":"P","quantity":1}],"shipping":{"name":" ","phone":"1","address":"B"}}"#, "shipping.name", 400),
        (#"{"items":[{"product_id":"P","quantity":1}],"shipping":S,"scene":"group"}"#, "scene", 400),
        (#"{"items":[{"product_id":"P","quantity":1}],"shipping":S,"scene":-1}"#, "scene", 400),
        (#"{"items":[{"product_id":"P","quantity":1}],"shipping":S,"share_code":"not a code!"}"#, "share_code", 400),
        (#"{"items":[{"product_id":"P","quantity":6}],"shipping":S}"#, "items[0].quantity", 409),
        (#"{"items":[{"product_id":"P","quantity":3},{"product_id":"P","quantity":3}],"shipping":S}"#, "items[1].quantity", 409),
    ])
    func placeOrder_RefusesBadInputNamingTheField(template: String, param: String, status: Int) async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let body = template.replacingOccurrences(of: "\"P\"", with: "\"\(s.product)\"")
                .replacingOccurrences(of: ":S", with: ":" + CommerceFixture.shipping)
            let response = try await s.order(body: body)
            #expect(response.status == status, "\(response.text)")
            #expect(response.errorCode == (status == 409 ? "out_of_stock" : "invalid_request"))
            #expect(response.errorParam == param)
            #expect(try await s.fixture.stock(of: s.product, shop: s.shop) == 5)
        }
    }

    @Test func placeOrder_FromAnEmptyCart_Is400() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let response = try await s.order(body: CommerceFixture.orderBody(nil))
            #expect(response.status == 400)
            #expect(response.errorCode == "invalid_request")
        }
    }

    @Test func placeOrder_ProductOfAnotherShopInTheBody_Is400_ShopInThePathUnknown_Is404() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let other = try await s.fixture.createShop(name: "Other")
            let theirs = try await s.fixture.createProduct(other, stock: 3)
            let inBody = try await s.order([(s.product, 1), (theirs, 1)])
            #expect(inBody.status == 400)
            #expect(inBody.errorParam == "items[1].product_id")
            #expect(try await s.fixture.stock(of: s.product, shop: s.shop) == 5)
            let inactive = try await s.fixture.createProduct(s.shop, active: false)
            #expect(try await s.order([(inactive, 1)]).errorParam == "items[0].product_id")
            let unknownShop = try await s.fixture.placeOrder(s.token, shopID: "shop_unknown", items: [(s.product, 1)])
            #expect(unknownShop.status == 404)
            #expect(unknownShop.errorCode == "not_found")
            let wrongShop = try await s.fixture.placeOrder(s.token, shopID: other.id, items: [(s.product, 1)])
            #expect(wrongShop.status == 400)
            #expect(wrongShop.errorParam == "items[0].product_id")
        }
    }

    @Test func placeOrder_UnlimitedStock_StaysUnlimited() async throws {
        try await withApp { client in
            let s = try await Setup(client, stock: nil)
            let response = try await s.order([(s.product, 999)])
            #expect(response.status == 201)
            #expect(response.json["amount_total"] as? Int == 999_000)
            #expect(try await s.fixture.stock(of: s.product, shop: s.shop) == nil)
        }
    }

    @Test func orderRoutes_RefuseWrongCallers() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let id = try await s.placed()
            let path = "/v1/shops/\(s.shop.id)/orders"
            let body = CommerceFixture.orderBody([(s.product, 1)])
            for (headers, status) in [([:], 401), (CommerceFixture.bearer("sess_nope"), 401), (s.shop.auth, 403),
                                      (s.fixture.admin, 403)] {
                let key = ["Idempotency-Key": UUID().uuidString]
                #expect(try await client.post(path, json: body, headers: headers.merging(key) { $1 }).status == status)
                #expect(try await client.post("/v1/orders/\(id)/cancel", headers: headers).status == status)
            }
            for (headers, status) in [([:], 401), (s.shopper, 403), (s.fixture.admin, 403)] {
                #expect(try await client.post("/v1/orders/\(id)/fulfill", json: #"{"carrier":"SF","tracking_number":"1"}"#,
                                              headers: headers).status == status)
            }
            for (headers, status) in [([:], 401), (s.fixture.admin, 403)] {
                #expect(try await client.get("/v1/orders", headers: headers).status == status)
                #expect(try await client.get("/v1/orders/\(id)", headers: headers).status == status)
                #expect(try await client.post("/v1/orders/\(id)/complete", headers: headers).status == status)
            }
        }
    }

    // MARK: Reading

    @Test func anotherCallersOrder_Is404() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let id = try await s.placed()
            let stranger = CommerceFixture.bearer(try await s.fixture.login("stranger"))
            let otherShop = try await s.fixture.createShop(name: "Other").auth
            for headers in [stranger, otherShop] {
                #expect(try await client.get("/v1/orders/\(id)", headers: headers).status == 404)
                #expect(try await client.post("/v1/orders/\(id)/complete", headers: headers).status == 404)
            }
            #expect(try await client.post("/v1/orders/\(id)/cancel", headers: stranger).status == 404)
            #expect(try await client.post("/v1/orders/\(id)/fulfill", json: #"{"carrier":"SF","tracking_number":"1"}"#,
                                          headers: otherShop).status == 404)
            #expect(try await client.get("/v1/orders/ord_unknown", headers: s.shopper).status == 404)
            let list = try await client.get("/v1/orders", headers: stranger)
            #expect((list.json["data"] as? [Any])?.isEmpty == true)
            #expect(try await s.fixture.stock(of: s.product, shop: s.shop) == 3)
        }
    }

    @Test func listOrders_FiltersByStatusAndPages() async throws {
        try await withApp { app, client in
            let s = try await Setup(client, stock: nil)
            var ids: [String] = []
            for _ in 0..<3 {
                ids.append(try await s.placed())
                app.clock.advance(seconds: 1)
            }
            _ = try await client.post("/v1/orders/\(ids[1])/cancel", headers: s.shopper)
            let cancelled = try await client.get("/v1/orders?status=cancelled", headers: s.shop.auth)
            #expect((cancelled.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[1]])
            let pending = try await client.get("/v1/orders?status=pending_payment", headers: s.shopper)
            #expect((pending.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[2], ids[0]])
            let page = try await client.get("/v1/orders?limit=2", headers: s.shop.auth)
            #expect((page.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[2], ids[1]])
            #expect(page.json["has_more"] as? Bool == true)
            let next = try await client.get("/v1/orders?limit=2&starting_after=\(ids[1])", headers: s.shop.auth)
            #expect((next.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[0]])
            #expect(next.json["has_more"] as? Bool == false)
            let bogus = try await client.get("/v1/orders?status=shipped", headers: s.shopper)
            #expect(bogus.status == 400)
            #expect(bogus.errorParam == "status")
            #expect(try await client.get("/v1/orders?limit=0", headers: s.shopper).errorParam == "limit")
        }
    }

    // MARK: Status machine

    @Test func cancel_TwiceIs409InvalidState_AndReleasesStockOnce() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let id = try await s.placed()
            #expect(try await client.post("/v1/orders/\(id)/cancel", headers: s.shopper).status == 200)
            let again = try await client.post("/v1/orders/\(id)/cancel", headers: s.shopper)
            #expect(again.status == 409)
            #expect(again.errorCode == "invalid_state")
            #expect(try await s.fixture.stock(of: s.product, shop: s.shop) == 5)
        }
    }

    @Test func fulfillAndComplete_FollowTheStatusMachine() async throws {
        try await withApp { app, client in
            let s = try await Setup(client)
            let id = try await s.placed()
            let fulfillBody = #"{"carrier":"SF Express","tracking_number":"SF123"}"#
            let early = try await client.post("/v1/orders/\(id)/fulfill", json: fulfillBody, headers: s.shop.auth)
            #expect(early.status == 409)
            #expect(early.errorCode == "invalid_state")
            #expect(try await client.post("/v1/orders/\(id)/complete", headers: s.shopper).errorCode == "invalid_state")

            _ = try await app.app.services.orders.markPaid(id: id)
            #expect(try await client.post("/v1/orders/\(id)/cancel", headers: s.shopper).errorCode == "invalid_state")
            for bad in [#"{"carrier":"SF"}"#, #"{"carrier":"","tracking_number":"1"}"#, #"{"carrier":1,"tracking_number":"1"}"#] {
                let response = try await client.post("/v1/orders/\(id)/fulfill", json: bad, headers: s.shop.auth)
                #expect(response.status == 400)
                #expect(response.errorParam == "carrier" || response.errorParam == "tracking_number")
            }
            let fulfilled = try await client.post("/v1/orders/\(id)/fulfill", json: fulfillBody, headers: s.shop.auth)
            #expect(fulfilled.status == 200)
            #expect(fulfilled.json["status"] as? String == "fulfilled")
            #expect((fulfilled.json["fulfillment"] as? [String: Any])?["tracking_number"] as? String == "SF123")
            #expect(fulfilled.json["fulfilled_at"] as? String == "2026-11-24T10:00:00Z")
            let completed = try await client.post("/v1/orders/\(id)/complete", headers: s.shopper)
            #expect(completed.status == 200)
            #expect(completed.json["status"] as? String == "completed")
            #expect(try await client.post("/v1/orders/\(id)/complete", headers: s.shop.auth).errorCode == "invalid_state")
        }
    }

    @Test func complete_ByTheShop_Works() async throws {
        try await withApp { app, client in
            let s = try await Setup(client)
            let id = try await s.placed()
            _ = try await app.app.services.orders.markPaid(id: id)
            _ = try await client.post("/v1/orders/\(id)/fulfill", json: #"{"carrier":"SF","tracking_number":"1"}"#, headers: s.shop.auth)
            let completed = try await client.post("/v1/orders/\(id)/complete", headers: s.shop.auth)
            #expect(completed.json["status"] as? String == "completed")
        }
    }

    @Test func cancel_WithAnIdempotencyKey_ReplaysInsteadOf409() async throws {
        try await withApp { client in
            let s = try await Setup(client)
            let id = try await s.placed()
            let headers = s.shopper.merging(["Idempotency-Key": "cancel-1"]) { $1 }
            let first = try await client.post("/v1/orders/\(id)/cancel", headers: headers)
            let retry = try await client.post("/v1/orders/\(id)/cancel", headers: headers)
            #expect(first.status == 200)
            #expect(retry.status == 200)
            #expect(retry.header("Idempotent-Replayed") == "true")
            #expect(retry.body == first.body)
        }
    }
}
