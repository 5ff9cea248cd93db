import CheckoutTesting
import Foundation
import CheckoutThreads
import Testing

/// Share clicks and payments under load against the binary, SIGKILL, restart on the same
/// database: every acknowledged click and payment is in the counters, exactly once.
@Suite(.serialized) struct ShareCrashBinaryTests {
    static let adminToken = "e2e-admin-token-0123456789"

    /// Sends clicks on one keep-alive connection (no cookie: each is a new visitor) until the
    /// server dies or `limit` are sent; returns (sent, acknowledged with 302).
    static func clickLoad(port: Int, code: String, limit: Int) -> (sent: Int, acknowledged: Int) {
        var sent = 0, acknowledged = 0
        guard let connection = try? TestConnection(port: port, timeout: 5) else { return (0, 0) }
        while sent < limit {
            sent += 1
            guard let response = try? connection.request("GET /s/\(code)?scene=1008 HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0\r\n\r\n")
            else { break }
            if response.status == 302 { acknowledged += 1 }
        }
        return (sent, acknowledged)
    }

    @Test func acknowledgedClicksAndPaymentsSurviveSIGKILLExactlyOnce() async throws {
        let environment = ["CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": Self.adminToken, "CHECKOUT_CLICK_RATE": "0"]
        let first = try await Blocking.run { try ServiceProcess(environment: environment) }
        let database = first.dataDirectory.appendingPathComponent("checkout.sqlite").path
        let client = InProcessClient.live(port: first.port)
        let fixture = CommerceFixture(client, adminToken: Self.adminToken)
        let shop = try await fixture.createShop()
        let product = try await fixture.createProduct(shop, price: 700)
        let sharer = try await fixture.login("crash-sharer")
        let buyer = try await fixture.login("crash-buyer")
        let code = try await fixture.shareAndClick(sharer, shopID: shop.id, productID: product)
        var orders: [String] = []
        for _ in 0..<40 {
            let placed = try await fixture.placeOrder(buyer, shopID: shop.id, items: nil,
                                                      body: CommerceFixture.sharedOrderBody(product, shareCode: code))
            orders.append(try #require(placed.json["id"] as? String))
        }

        let paidAcknowledged = Locked<[String]>([])
        let port = first.port
        async let clicks = withThrowingTaskGroup(of: (sent: Int, acknowledged: Int).self) { group in
            for _ in 0..<4 {
                group.addTask { try await Blocking.run { Self.clickLoad(port: port, code: code, limit: 20_000) } }
            }
            return try await group.reduce(into: (sent: 0, acknowledged: 0)) { $0 = ($0.sent + $1.sent, $0.acknowledged + $1.acknowledged) }
        }
        async let payments: Void = {
            for order in orders {
                let headers = CommerceFixture.bearer(buyer).merging(["Idempotency-Key": "crash-\(order)"]) { $1 }
                guard (try? await client.post("/v1/orders/\(order)/payments", json: #"{"provider":"sandbox"}"#, headers: headers))?.status == 201,
                      let paid = try? await client.post("/v1/sandbox/orders/\(order)/pay", headers: CommerceFixture.bearer(buyer)),
                      paid.json["status"] as? String == "paid" else { return }
                paidAcknowledged.withLock { $0.append(order) }
            }
        }()
        // Kill once some payments and clicks are in: not a timing assertion, a point to crash at.
        try await Blocking.run {
            for _ in 0..<400 where paidAcknowledged.withLock({ $0.count }) < 10 { usleep(25_000) }
            usleep(200_000)
        }
        first.send(signal: SIGKILL)
        _ = try await Blocking.run { first.waitForExit(seconds: 10) }
        let load = try await clicks
        await payments
        let acknowledgedPaid = paidAcknowledged.withLock { $0 }
        #expect(load.acknowledged > 0)

        let second = try await Blocking.run {
            try ServiceProcess(environment: environment.merging(["CHECKOUT_DB": database]) { $1 })
        }
        defer { second.stop() }
        let after = InProcessClient.live(port: second.port)
        let links = try await after.get("/v1/me/share-links", headers: CommerceFixture.bearer(sharer))
        let row = try #require((links.json["data"] as? [[String: Any]])?.first)
        let counted = try #require(row["clicks"] as? Int)
        // The setup click plus the load: every acknowledged one, none beyond what was sent.
        #expect(counted >= load.acknowledged + 1, "acknowledged \(load.acknowledged), counted \(counted)")
        #expect(counted <= load.sent + 1, "sent \(load.sent), counted \(counted)")
        #expect(row["unique_visitors"] as? Int == counted)
        // Every roll-up row moved in the same transaction as its click: they agree exactly.
        let byChannel = try await after.get("/v1/stats?group_by=channel", headers: shop.auth)
        #expect(((byChannel.json["data"] as? [[String: Any]])?.first?["clicks"] as? Int) == counted)
        let byHour = try await after.get("/v1/stats?group_by=hour", headers: shop.auth)
        let hourClicks = (byHour.json["data"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["clicks"] as? Int ?? 0) }
        #expect(hourClicks == counted)
        let (status, visitors) = try await Blocking.run {
            try Shell.run("/usr/bin/sqlite3", [database, "SELECT count(*) FROM share_visitors"], timeout: 30)
        }
        #expect(status == 0)
        #expect(Int(visitors.trimmingCharacters(in: .whitespacesAndNewlines)) == counted)

        // Payments: every acknowledged one is paid, and the counters hold each paid order once.
        let paidList = try await after.get("/v1/orders?status=paid&limit=100", headers: shop.auth)
        let paidOrders = Set((paidList.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(Set(acknowledgedPaid).isSubset(of: paidOrders))
        #expect(row["paid_orders"] as? Int == paidOrders.count)
        #expect(row["gmv"] as? Int == 700 * paidOrders.count)
        #expect(row["orders"] as? Int == orders.count)
        withExtendedLifetime(first) {}
    }
}
