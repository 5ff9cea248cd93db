import CheckoutTesting
import Foundation
import Testing

/// The commerce API on the built binary over real sockets: the main flow, races, expiry on
/// the real clock, and `serve --demo`.
@Suite(.serialized) struct CommerceBinaryTests {
    static let adminToken = "e2e-admin-token-0123456789"

    /// Runs `body` with the binary started in sandbox mode with the admin token; starting and
    /// stopping (both blocking) happen off the cooperative pool.
    static func withService<T: Sendable>(_ environment: [String: String] = [:], arguments: [String] = ["serve"],
                                         _ body: (ServiceProcess) async throws -> T) async throws -> T {
        try await ServiceProcess.with(arguments: arguments, environment: [
            "CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": adminToken,
        ].merging(environment) { $1 }, body)
    }

    @Test func mainFlow_FromShopToPlacedOrderOnTheBinary() async throws {
        try await Self.withService { service in
            let client = InProcessClient.live(port: service.port)
            let fixture = CommerceFixture(client, adminToken: Self.adminToken)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, title: "Oolong", price: 1_000, stock: 5)
            let token = try await fixture.login()
            let add = try await client.post("/v1/shops/\(shop.id)/cart/items", json: #"{"product_id":"\#(product)","quantity":2}"#,
                                        headers: CommerceFixture.bearer(token))
            #expect(add.json["subtotal"] as? Int == 2_000)
            let placed = try await fixture.placeOrder(token, shopID: shop.id, items: nil, key: "e2e-1")
            #expect(placed.status == 201, "\(placed.text)")
            let id = try #require(placed.json["id"] as? String)
            #expect(placed.json["amount_total"] as? Int == 2_000)
            let replay = try await fixture.placeOrder(token, shopID: shop.id, items: nil, key: "e2e-1")
            #expect(replay.body == placed.body)
            #expect(replay.header("Idempotent-Replayed") == "true")
            #expect(try await fixture.stock(of: product, shop: shop) == 3)
            let read = try await client.get("/v1/orders/\(id)", headers: shop.auth)
            #expect(read.json["status"] as? String == "pending_payment")
            let cancel = try await client.post("/v1/orders/\(id)/cancel", headers: CommerceFixture.bearer(token))
            #expect(cancel.json["status"] as? String == "cancelled")
            #expect(try await client.post("/v1/orders/\(id)/cancel", headers: CommerceFixture.bearer(token)).errorCode
            == "invalid_state")
            #expect(try await fixture.stock(of: product, shop: shop) == 5)
        }
    }

    @Test func fiftyShoppersRacingForFiveUnits_OnTheBinary_GetExactlyFiveOrders() async throws {
        try await Self.withService { service in
            let client = InProcessClient.live(port: service.port)
            let fixture = CommerceFixture(client, adminToken: Self.adminToken)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, stock: 5)
            var tokens: [String] = []
            for i in 0..<50 { tokens.append(try await fixture.login("racer-\(i)")) }
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
            for token in tokens {
                group.addTask { try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)]) }
            }
            return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            #expect(responses.filter { $0.status == 201 }.count == 5)
            #expect(responses.filter { $0.status == 409 && $0.errorCode == "out_of_stock" }.count == 45)
            #expect(try await fixture.stock(of: product, shop: shop) == 0)
        }
    }

    @Test func sameKeyTenTimesAtOnce_OnTheBinary_PlacesOneOrder() async throws {
        try await Self.withService { service in
            let client = InProcessClient.live(port: service.port)
            let fixture = CommerceFixture(client, adminToken: Self.adminToken)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, stock: 50)
            let token = try await fixture.login()
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
            for _ in 0..<10 {
                group.addTask { try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 2)], key: "one-key") }
            }
            return try await group.reduce(into: [TestResponse]()) { $0.append($1) }
            }
            let created = responses.filter { $0.status == 201 }
            #expect(Set(created.map(\.body)).count == 1)
            #expect(responses.allSatisfy { $0.status == 201 || $0.errorCode == "conflict" })
            #expect(try await fixture.stock(of: product, shop: shop) == 48)
            let orders = try await client.get("/v1/orders", headers: shop.auth)
            #expect((orders.json["data"] as? [Any])?.count == 1)
        }
    }

    /// With CHECKOUT_ORDER_TTL=1 the binary's own timer expires the order: stock comes back
    /// within seconds, and only once.
    @Test func unpaidOrder_ExpiresOnTheBinary_AndStockComesBackOnce() async throws {
        try await Self.withService(["CHECKOUT_ORDER_TTL": "1"]) { service in
            let client = InProcessClient.live(port: service.port)
            let fixture = CommerceFixture(client, adminToken: Self.adminToken)
            let shop = try await fixture.createShop()
            let product = try await fixture.createProduct(shop, stock: 3)
            let token = try await fixture.login()
            let placed = try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 2)])
            let id = try #require(placed.json["id"] as? String)
            var stock = try await fixture.stock(of: product, shop: shop)
            for _ in 0..<150 where stock != 3 {
                try await Task.sleep(for: .milliseconds(100))
                stock = try await fixture.stock(of: product, shop: shop)
            }
            #expect(stock == 3, "the order did not expire within 15 s")
            try await Task.sleep(for: .milliseconds(2_500))
            #expect(try await fixture.stock(of: product, shop: shop) == 3)
            let order = try await client.get("/v1/orders/\(id)", headers: CommerceFixture.bearer(token))
            #expect(order.json["status"] as? String == "cancelled")
            #expect(order.json["cancellation_reason"] as? String == "expired")
        }
    }

    @Test func serveDemo_SeedsOnceAndPrintsCurlLinesThatWork() async throws {
        let port = ServiceProcess.freePort()
        try await Self.withService(["CHECKOUT_HTTP_PORT": String(port)], arguments: ["serve", "--demo"]) { first in
            let output = try await Self.waitForOutput(first, containing: "/v1/orders")
            let shopID = try #require(Self.value(after: "shop_id:", in: output))
            let key = try #require(Self.value(after: "secret_key:", in: output))
            #expect(output.contains("(5 in stock)"))
            let lines = output.split(separator: "\n").filter {
                $0.hasPrefix("curl ") || $0.hasPrefix("TOKEN=") || $0.hasPrefix("ORDER_ID=")
            }
            #expect(lines.count == 7)
            let script = lines.joined(separator: "\n") + "\n"
            let (status, result) = try await Blocking.run { try Shell.run("/bin/bash", ["-euo", "pipefail", "-c", script]) }
            #expect(status == 0, "\(result)")
            #expect(result.contains("prepay_id="), "the payment step answers pay_params: \(result)")
            #expect(result.contains(#""id":"ord_"#), "the last line shows the order: \(result)")
            #expect(!result.contains(#""error""#), "\(result)")
            let products = try await InProcessClient.live(port: port).get("/v1/products", headers: CommerceFixture.bearer(key))
            #expect((products.json["data"] as? [Any])?.count == 4)

            // A restart on the same database prints the same shop and key and seeds nothing new.
            let database = first.dataDirectory.appendingPathComponent("checkout.sqlite").path
            first.send(signal: SIGTERM)
            #expect(try await Blocking.run { first.waitForExit() } == 0)
            try await Self.withService(["CHECKOUT_HTTP_PORT": String(port), "CHECKOUT_DB": database],
                                       arguments: ["serve", "--demo"]) { second in
                let again = try await Self.waitForOutput(second, containing: "/v1/orders")
                #expect(Self.value(after: "shop_id:", in: again) == shopID)
                #expect(Self.value(after: "secret_key:", in: again) == key)
                let shops = try await InProcessClient.live(port: port).get("/v1/products", headers: CommerceFixture.bearer(key))
                #expect((shops.json["data"] as? [Any])?.count == 4)
            }
        }
    }

    static func waitForOutput(_ service: ServiceProcess, containing text: String) async throws -> String {
        for _ in 0..<100 {
            if service.output().contains(text) { return service.output() }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestError("no \(text) in output: \(service.output())")
    }

    static func value(after label: String, in output: String) -> String? {
        output.split(separator: "\n").first { $0.contains(label) }?
            .components(separatedBy: label).last?.trimmingCharacters(in: .whitespaces)
    }
}


extension ServiceProcess {
    /// Starts the binary off the cooperative pool (start-up polls and sleeps), runs `body`, and
    /// stops it off the pool too, so live servers in other tests keep their handler threads.
    static func with<T: Sendable>(arguments: [String] = ["serve"], environment: [String: String] = [:],
                                  _ body: (ServiceProcess) async throws -> T) async throws -> T {
        let service = try await Blocking.run { try ServiceProcess(arguments: arguments, environment: environment) }
        do {
            let result = try await body(service)
            try await Blocking.run { service.stop() }
            return result
        } catch {
            try? await Blocking.run { service.stop() }
            throw error
        }
    }
}
