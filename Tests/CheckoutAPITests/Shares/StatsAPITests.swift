import CheckoutCore
import CheckoutSQLite
import CheckoutStoreSQLite
import CheckoutStorePostgres
import CheckoutTesting
import Foundation
import Testing

@Suite struct StatsAPITests {
    /// Logs a shopper in; returns the token and the user id.
    func login(_ f: ShareFixture, _ openid: String) async throws -> (token: String, id: String) {
        let response = try await f.client.post("/v1/sessions", json: #"{"platform":"sandbox","code":"\#(openid)"}"#)
        let user = try #require(response.json["user"] as? [String: Any])
        return (try #require(response.json["token"] as? String), try #require(user["id"] as? String))
    }

    @Test(arguments: InProcessApp.Backend.allCases) func everyGroupByAndAWindowMatchCountsRecomputedFromTheRawEvents(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            var rng = SystemRandomNumberGenerator()
            let seed = UInt64.random(in: 1...UInt64.max, using: &rng)
            var random = SplitMix64(seed: seed)
            var model = StatsModel()
            var sharers: [(token: String, id: String)] = []
            for n in 0..<3 { sharers.append(try await login(f, "sharer-\(n)")) }
            let buyers = [try await login(f, "buyer-0"), try await login(f, "buyer-1")]
            let channels = ["chat", "group", "moments", "qzone", "qr", "other"]
            let scenes: [String?] = [nil, "1007", "1008", "1044", "2003", "2009", "abc"]
            let prices: [Int64] = [1_500, 2_000]
            var codes: [String] = []
            var orders: [(id: String, amount: Int64)] = []
            var paidOrders: [(id: String, amount: Int64)] = []
            let start = StatsHour.of(f.clock.now())
            for step in 0..<120 {
                f.clock.advance(seconds: Int64(random.next() % 900))
                let roll = random.next() % 100
                if codes.isEmpty || roll < 8 {
                    let sharer = sharers[Int(random.next() % 3)]
                    let product = Int(random.next() % 2)
                    let channel = channels[Int(random.next() % 6)]
                    let code = try await f.share(sharer.token, product: product, channel: channel)
                    model.share(.init(code: code, channel: channel, sharer: sharer.id, product: f.products[product]),
                                at: f.clock.now())
                    codes.append(code)
                } else if roll < 75 {
                    let code = codes[Int(random.next() % UInt64(codes.count))]
                    let viewer = Int(random.next() % 6)
                    let scene = scenes[Int(random.next() % UInt64(scenes.count))]
                    try await f.click(code, visitor: ShareFixture.visitor(viewer), scene: scene)
                    model.click(code, viewer: "v\(viewer)", scene: scene, at: f.clock.now())
                } else if roll < 88 {
                    let code = codes[Int(random.next() % UInt64(codes.count))]
                    let buyer = random.next() % 5 == 0 ? sharers[Int(random.next() % 3)] : buyers[Int(random.next() % 2)]
                    let scene = [nil, 1007, 1008, 2003, 77][Int(random.next() % 5)]
                    let product = model.links[code]!.product == f.products[0] ? 0 : 1
                    let id = try await f.order(buyer.token, product: product, shareCode: code, scene: scene)
                    model.order(id, code: code, buyer: buyer.id, scene: scene, at: f.clock.now())
                    orders.append((id, prices[product]))
                    if random.next() % 3 != 0 {
                        try await f.pay(buyer.token, id)
                        model.paid(id, amount: prices[product], at: try await paidAt(f, id))
                        paidOrders.append((id, prices[product]))
                    }
                } else if let paid = paidOrders.popLast(), random.next() % 2 == 0 {
                    try await f.refund(paid.id, amount: 500)
                    model.refunded(paid.id, amount: 500, at: try await refundedAt(f, paid.id))
                }
                _ = step
            }
            #expect(!model.credited.isEmpty, "seed \(seed)")
            for dimension in ["channel", "scene", "sharer", "product", "hour"] {
                try await expectRows(f, dimension, model.rows(dimension), seed: seed)
            }
            let from = start + 2, to = start + 6
            let window = from..<to
            for dimension in ["channel", "scene", "sharer", "product", "hour"] {
                try await expectRows(f, dimension, model.rows(dimension, hours: window), seed: seed,
                                     from: Timestamp(seconds: from * 3600).rfc3339, to: Timestamp(seconds: to * 3600).rfc3339)
            }
        }
    }

    /// When the platform says the order was paid (the sandbox uses the wall clock): counters
    /// are filed at the payment's time, as the order's `paid_at` shows it.
    func paidAt(_ f: ShareFixture, _ orderID: String) async throws -> Timestamp {
        let order = try await f.client.get("/v1/orders/\(orderID)", headers: f.shop.auth)
        return try #require(Timestamp(rfc3339: order.json["paid_at"] as? String ?? ""))
    }

    /// When the order's latest refund settled, as stored.
    func refundedAt(_ f: ShareFixture, _ orderID: String) async throws -> Timestamp {
        if let postgres = f.harness.postgres {
            let at = try await postgres.pool.withConnection { db in
                try db.queryOne("SELECT max(settled_at) AS t FROM refunds WHERE order_id = $1 AND status = 'succeeded'",
                                [orderID])?.optionalTimestamp("t")
            }
            return try #require(at)
        }
        let ms = try await f.harness.sqlite.readers.read { db in
            try db.queryOne("SELECT max(settled_at) AS t FROM refunds WHERE order_id = ? AND status = 'succeeded'",
                            [orderID])?.int64("t")
        }
        return Timestamp(milliseconds: try #require(ms))
    }

    func expectRows(_ f: ShareFixture, _ dimension: String, _ expected: [String: ShareCounters], seed: UInt64,
                    from: String? = nil, to: String? = nil) async throws {
        let rows = try await f.stats(dimension, from: from, to: to)
        let what = "group_by=\(dimension) from=\(from ?? "-") seed=\(seed)"
        #expect(Set(rows.keys) == Set(expected.keys), "\(what)")
        for (key, counters) in expected {
            let row = try #require(rows[key], "\(what) key \(key)")
            let actual = ShareCounters(shares: row.int("shares") ?? -1, clicks: row.int("clicks") ?? -1,
                                       uniqueVisitors: row.int("unique_visitors") ?? -1, orders: row.int("orders") ?? -1,
                                       paidOrders: row.int("paid_orders") ?? -1, gmv: row.int("gmv") ?? -1,
                                       refunded: row.int("refunded") ?? -1)
            #expect(actual == counters, "\(what) key \(key)")
            let conversion = try #require((row["conversion"] as? NSNumber)?.doubleValue)
            #expect(abs(conversion - counters.conversion) < 1e-9, "\(what) key \(key)")
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func statsRefuseBadParametersAndOtherCallers(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            for (query, param) in [("", "group_by"), ("group_by=day", "group_by"), ("group_by=hour&from=yesterday", "from"),
                                   ("group_by=hour&to=2026-13-01T00:00:00Z", "to"),
                                   ("group_by=hour&from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z", "to")] {
                let response = try await f.client.get("/v1/stats?\(query)", headers: f.shop.auth)
                #expect(response.status == 400, "\(query)")
                #expect(response.errorParam == param, "\(query)")
            }
            let shopper = try await f.commerce.login("someone")
            #expect(try await f.client.get("/v1/stats?group_by=hour", headers: CommerceFixture.bearer(shopper)).status == 403)
            #expect(try await f.client.get("/v1/stats?group_by=hour").status == 401)
            let empty = try await f.client.get("/v1/stats?group_by=channel", headers: f.shop.auth)
            #expect(empty.status == 200)
            #expect(empty.json["has_more"] as? Bool == false)
            #expect((empty.json["data"] as? [Any])?.isEmpty == true)
        }
    }
}
