import CheckoutTesting
import Foundation
import Testing

/// Three `chatcheckout` processes on one PostgreSQL (the run's throwaway server), as the
/// compose profile deploys them: correctness between replicas is the database's.
@Suite(.serialized) struct PostgresReplicaBinaryTests {
    /// One request on a fresh connection.
    static func call(_ port: Int, _ method: String, _ path: String, token: String? = nil, key: String? = nil,
                     body: String? = nil) throws -> TestResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let key { head += "Idempotency-Key: \(key)\r\n" }
        if body != nil { head += "Content-Type: application/json\r\n" }
        head += "Content-Length: \(body?.utf8.count ?? 0)\r\n\r\n"
        return try TestConnection(port: port, timeout: 30).request(head + (body ?? ""))
    }

    /// A shop with one product of `stock`, through replica 0; returns (shop id, key, product id).
    static func shop(_ set: ReplicaSet, stock: Int, price: Int = 1000) throws -> (String, String, String) {
        let port = set.replicas[0].port
        let created = try call(port, "POST", "/v1/shops", token: ReplicaSet.adminToken, body: #"{"name":"Replica Shop"}"#)
        let shopID = try #require((created.json["shop"] as? [String: Any])?["id"] as? String)
        let key = try #require(created.json["secret_key"] as? String)
        let product = try call(port, "POST", "/v1/products", token: key,
                               body: #"{"title":"Tea","price":\#(price),"stock":\#(stock)}"#)
        return (shopID, key, try #require(product.json["id"] as? String))
    }

    static func session(_ port: Int, _ openid: String) throws -> String {
        let response = try call(port, "POST", "/v1/sessions", body: #"{"platform":"sandbox","code":"\#(openid)"}"#)
        return try #require(response.json["token"] as? String)
    }

    static func orderBody(_ productID: String, quantity: Int = 1) -> String {
        #"{"items":[{"product_id":"\#(productID)","quantity":\#(quantity)}],"shipping":{"name":"Li","phone":"13800000000","address":"1 Road"}}"#
    }

    @Test func sandboxFlowThroughNginx_PaysRefundsFulfillsAndCompletes() async throws {
        let set = try ReplicaSet(databaseURL: try await PostgresTestDatabase.freshDatabaseURL(), withNginx: true)
        defer { set.stop() }
        let result = try await Blocking.run {
            try Shell.run("/bin/bash", ["-c", SandboxPaymentBinaryTests.script],
                          environment: ["BASE": set.baseURL, "ADMIN": ReplicaSet.adminToken], timeout: 90)
        }
        #expect(result.status == 0, "\(result.output)\n--- replica 0 ---\n\(set.replicas[0].output().suffix(2000))")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("paid: paid"))
        #expect(lines.contains("refund: partially_refunded"))
        #expect(lines.contains("completed"))
    }

    @Test func replicasUnderContention_SellTheStockOnceAndPlaceOneOrderPerKey() async throws {
        let set = try ReplicaSet(databaseURL: try await PostgresTestDatabase.freshDatabaseURL())
        defer { set.stop() }
        let (shopID, _, productID) = try Self.shop(set, stock: 5)
        let ports = set.replicas.map(\.port)
        let tokens = try (0..<50).map { try Self.session(ports[$0 % 3], "buyer-\($0)") }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, token) in tokens.enumerated() {
                group.addTask {
                    try await Blocking.run {
                        try Self.call(ports[index % 3], "POST", "/v1/shops/\(shopID)/orders", token: token, key: "buy-\(index)",
                                      body: Self.orderBody(productID)).status
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 5, "\(statuses)")
        #expect(statuses.filter { $0 == 409 }.count == 45, "\(statuses)")

        let (shop2, _, product2) = try Self.shop(set, stock: 100)
        let token = try Self.session(ports[0], "one-key")
        let answers = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for port in ports + ports {
                group.addTask {
                    try await Blocking.run {
                        let response = try Self.call(port, "POST", "/v1/shops/\(shop2)/orders", token: token, key: "same-key",
                                                     body: Self.orderBody(product2))
                        return (response.status, response.json["id"] as? String)
                    }
                }
            }
            return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
        }
        let created = answers.filter { $0.0 == 201 }
        #expect(Set(created.compactMap(\.1)).count == 1, "\(answers)")
        #expect(answers.allSatisfy { $0.0 == 201 || $0.0 == 409 }, "\(answers)")
        let list = try Self.call(ports[2], "GET", "/v1/orders", token: token)
        #expect((list.json["data"] as? [Any])?.count == 1)
    }

    @Test func everyReplicasTimer_ExpiresEachOrderOnce() async throws {
        let set = try ReplicaSet(databaseURL: try await PostgresTestDatabase.freshDatabaseURL(),
                                 environment: ["CHECKOUT_ORDER_TTL": "1"])
        defer { set.stop() }
        let (shopID, key, productID) = try Self.shop(set, stock: 30)
        let token = try Self.session(set.replicas[1].port, "expiring")
        for index in 0..<10 {
            let placed = try Self.call(set.replicas[index % 3].port, "POST", "/v1/shops/\(shopID)/orders", token: token,
                                       key: "exp-\(index)", body: Self.orderBody(productID, quantity: 3))
            #expect(placed.status == 201)
        }
        // Poll (bounded) until every replica's expiry timer has had its chance.
        var cancelled = 0
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let list = try Self.call(set.replicas[2].port, "GET", "/v1/orders?status=cancelled&limit=100", token: key)
            cancelled = (list.json["data"] as? [Any])?.count ?? 0
            if cancelled == 10 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(cancelled == 10)
        let product = try Self.call(set.replicas[0].port, "GET", "/v1/products/\(productID)")
        #expect(product.json["stock"] as? Int == 30, "stock released exactly once per order")
    }

    /// Every order id of the shop, page by page.
    static func allOrders(_ port: Int, key: String) throws -> Set<String> {
        var stored = Set<String>()
        var after: String?
        repeat {
            let page = try call(port, "GET", "/v1/orders?limit=100" + (after.map { "&starting_after=\($0)" } ?? ""), token: key)
            let ids = (page.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            stored.formUnion(ids)
            after = (page.json["has_more"] as? Bool) == true ? ids.last : nil
        } while after != nil
        return stored
    }

    @Test func replicaKilledUnderLoad_LosesNothingAcknowledged() async throws {
        let set = try ReplicaSet(databaseURL: try await PostgresTestDatabase.freshDatabaseURL())
        defer { set.stop() }
        let (shopID, key, productID) = try Self.shop(set, stock: 100_000)
        let victim = set.replicas[2]
        let token = try Self.session(victim.port, "survivor")
        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    try await Blocking.run {
                        var ids: [String] = []
                        for index in 0..<200 {
                            guard let response = try? Self.call(victim.port, "POST", "/v1/shops/\(shopID)/orders", token: token,
                                                                key: "kill-\(worker)-\(index)", body: Self.orderBody(productID)),
                                  response.status == 201, let id = response.json["id"] as? String else { break }
                            ids.append(id)
                        }
                        return ids
                    }
                }
            }
            group.addTask {
                try await Blocking.run {
                    usleep(1_500_000)  // let the load run, then kill without warning
                    victim.send(signal: SIGKILL)
                    return []
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(!acknowledged.isEmpty)
        // A COMMIT the killed replica sent just before dying still completes in the server (its
        // order unanswered, so not acknowledged): read orders and stock until they agree (10 s at
        // most, a bound, not a timing claim), then check.
        var stored = Set<String>()
        var stock: Int?
        for _ in 0..<50 {
            stored = try Self.allOrders(set.replicas[0].port, key: key)
            stock = try Self.call(set.replicas[1].port, "GET", "/v1/products/\(productID)").json["stock"] as? Int
            if stock == 100_000 - stored.count, try Self.allOrders(set.replicas[0].port, key: key) == stored { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(Set(acknowledged).isSubset(of: stored), "\(Set(acknowledged).subtracting(stored).count) acknowledged orders lost")
        #expect(stock == 100_000 - stored.count)
    }
}
