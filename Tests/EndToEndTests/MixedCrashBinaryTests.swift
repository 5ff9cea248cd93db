import CheckoutTesting
import CheckoutThreads
import Foundation
import Testing

/// Orders, sandbox payments, refunds and share clicks from many clients against the binary,
/// SIGKILLed at random moments for several rounds and restarted on the same database each
/// time: every acknowledged order, payment and refund exists exactly once (its key replays the
/// same answer), stock + sold = initial for every product, the share counters equal their
/// events, and `PRAGMA integrity_check` is ok. `make soak` runs it longer through
/// `CHECKOUT_SOAK_ROUNDS` and `CHECKOUT_SOAK_CLIENTS`.
@Suite(.serialized) struct MixedCrashBinaryTests {
    static let environment = ProcessInfo.processInfo.environment
    static let rounds = environment["CHECKOUT_SOAK_ROUNDS"].flatMap(Int.init) ?? 3
    static let clients = environment["CHECKOUT_SOAK_CLIENTS"].flatMap(Int.init) ?? 16

    @Test func mixedLoad_SIGKILLedInRounds_KeepsEveryAcknowledgedEffectExactlyOnce() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-mixed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("checkout.sqlite").path
        let port = ServiceProcess.freePort()
        let environment = ["CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": MixedCrashLoad.adminToken, "CHECKOUT_DB": database,
                           "CHECKOUT_HTTP_PORT": String(port), "CHECKOUT_CLICK_RATE": "0", "CHECKOUT_WRITE_QUEUE_LIMIT": "0"]
        let start = { try await Blocking.run { try ServiceProcess(environment: environment) } }
        let client = InProcessClient.live(port: port)

        var service = try await start()
        let setup = try await MixedCrashLoad.prepare(client, clients: Self.clients)
        let setupClick = try await client.get("/s/\(setup.code)", headers: ["User-Agent": "Mozilla/5.0"])
        #expect(setupClick.status == 302)
        let acknowledged = MixedCrashLoad.Ledger()
        for round in 0..<Self.rounds {
            if round > 0 { service = try await start() }
            let running = service
            // Killed after a random amount of acknowledged work (every kind at least once), not
            // after a fixed time: on a loaded machine a timed kill came before any refund or click.
            let before = acknowledged.withLock { $0.tally }
            let atLeast = Int.random(in: 16...200)
            try await MixedCrashLoad.run(client, setup, acknowledged, round: round) {
                try await MixedCrashLoad.waitForProgress(acknowledged, since: before, atLeast: atLeast)
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...300)))
                running.send(signal: SIGKILL)
                _ = try await Blocking.run { running.waitForExit() }
            }
        }
        service = try await start()
        let seen = acknowledged.withLock { $0 }
        #expect(!seen.orders.isEmpty && !seen.paidOrders.isEmpty && !seen.refunds.isEmpty && seen.clicks > 0,
                "the load reached every kind: \(seen.orders.count) orders, \(seen.paidOrders.count) paid, \(seen.refunds.count) refunds, \(seen.clicks) clicks")
        print("mixed crash: \(Self.rounds) rounds, \(Self.clients) clients: \(seen.orders.count) orders, \(seen.payments.count) payments, "
              + "\(seen.paidOrders.count) paid, \(seen.refunds.count) refunds, \(seen.clicks) of \(seen.clicksSent) clicks acknowledged")
        try await Self.checkReplays(client, setup, seen)
        try await Self.checkDatabase(database, setup, seen)
        try await Self.checkCounters(client, database, setup, seen)
        let last = service
        last.send(signal: SIGTERM)
        #expect(try await Blocking.run { last.waitForExit() } == 0)
        #expect(try await IdempotentCrashTests.sql(database, "PRAGMA integrity_check") == ["ok"])
    }

    /// Each acknowledged key, sent again with its body, answers the same object.
    static func checkReplays(_ client: InProcessClient, _ setup: MixedCrashLoad.Setup,
                             _ seen: MixedCrashLoad.Acknowledged) async throws {
        for (key, order) in seen.orders {
            let again = try await client.post("/v1/shops/\(setup.shop.id)/orders", json: order.body,
                                              headers: CommerceFixture.bearer(order.token).merging(["Idempotency-Key": key]) { $1 })
            #expect(again.status == 201 && again.json["id"] as? String == order.id, "order key \(key): \(again.status) \(again.text)")
        }
        for (key, refund) in seen.refunds {
            let again = try await client.post("/v1/orders/\(refund.order)/refunds", json: refund.body,
                                              headers: setup.shop.auth.merging(["Idempotency-Key": key]) { $1 })
            #expect(again.status == 201 && again.json["id"] as? String == refund.id, "refund key \(key): \(again.status) \(again.text)")
        }
    }

    /// Orders, payments, refunds and stock as stored.
    static func checkDatabase(_ database: String, _ setup: MixedCrashLoad.Setup, _ seen: MixedCrashLoad.Acknowledged) async throws {
        let stored = Set(try await IdempotentCrashTests.sql(database, "SELECT id FROM orders"))
        #expect(Set(seen.orders.values.map(\.id)).isSubset(of: stored), "every 201 order is stored")
        let paid = Set(try await IdempotentCrashTests.sql(database, """
            SELECT o.id FROM orders o JOIN payments p ON p.order_id = o.id
            WHERE p.status = 'succeeded' AND o.status IN ('paid', 'fulfilled', 'completed', 'partially_refunded', 'refunded')
            """))
        #expect(seen.paidOrders.isSubset(of: paid), "every acknowledged payment is applied")
        let payments = Dictionary(try await IdempotentCrashTests.sql(database, "SELECT id, order_id FROM payments").map {
            let parts = $0.split(separator: "|").map(String.init)
            return (parts[0], parts[1])
        }, uniquingKeysWith: { first, _ in first })
        for (key, payment) in seen.payments {
            #expect(payments[payment.id] == payment.order, "payment key \(key): \(payment.id) is the order's one payment")
        }
        #expect(try await IdempotentCrashTests.sql(database, "SELECT count(*) - count(DISTINCT order_id) FROM payments") == ["0"])
        let refunds = Set(try await IdempotentCrashTests.sql(database, "SELECT id FROM refunds WHERE origin = 'merchant'"))
        #expect(Set(seen.refunds.values.map(\.id)).isSubset(of: refunds), "every acknowledged refund is stored")
        #expect(Set(seen.refunds.values.map(\.id)).count == seen.refunds.count, "one refund per key")
        let over = try await IdempotentCrashTests.sql(database, """
            SELECT p.id FROM payments p
            WHERE (SELECT coalesce(sum(amount), 0) FROM refunds r WHERE r.payment_id = p.id AND r.status <> 'failed') > p.amount
            """)
        #expect(over.isEmpty, "refunded at most what was paid")
        let stock = try await IdempotentCrashTests.sql(database, """
            SELECT p.id, p.stock + coalesce((SELECT sum(i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id
                                             WHERE i.product_id = p.id AND o.status <> 'cancelled'), 0)
            FROM products p ORDER BY p.id
            """)
        #expect(stock == setup.products.sorted().map { "\($0)|\(MixedCrashLoad.initialStock)" }, "stock + sold = initial")
    }

    /// The link's counters against the rows they count, and the stats roll-ups against the link.
    static func checkCounters(_ client: InProcessClient, _ database: String, _ setup: MixedCrashLoad.Setup,
                              _ seen: MixedCrashLoad.Acknowledged) async throws {
        let code = setup.code
        let counters = try await IdempotentCrashTests.sql(database, "SELECT clicks, unique_visitors, orders, paid_orders, gmv, refunded FROM share_links WHERE code = '\(code)'")
        let events = try await IdempotentCrashTests.sql(database, """
            SELECT (SELECT count(*) FROM share_visitors WHERE code = '\(code)'),
                   (SELECT count(*) FROM share_visitors WHERE code = '\(code)'),
                   (SELECT count(*) FROM orders WHERE share_code = '\(code)' AND sharer_id IS NOT NULL),
                   (SELECT count(*) FROM paid_order_events WHERE share_code = '\(code)' AND sharer_id IS NOT NULL),
                   (SELECT coalesce(sum(amount_total), 0) FROM paid_order_events WHERE share_code = '\(code)' AND sharer_id IS NOT NULL),
                   (SELECT coalesce(sum(r.amount), 0) FROM refunds r JOIN orders o ON o.id = r.order_id
                    WHERE r.status = 'succeeded' AND o.share_code = '\(code)' AND o.sharer_id IS NOT NULL
                      AND r.order_id IN (SELECT order_id FROM paid_order_events))
            """)
        #expect(counters == events, "counters (clicks, visitors, orders, paid, gmv, refunded) equal their events")
        let clicks = Int(counters.first?.split(separator: "|").first ?? "") ?? -1
        #expect(clicks >= seen.clicks + 1 && clicks <= seen.clicksSent + 1, "clicks \(clicks): acknowledged \(seen.clicks), sent \(seen.clicksSent)")
        let link = try await client.get("/v1/me/share-links", headers: CommerceFixture.bearer(setup.sharer))
        let row = try #require((link.json["data"] as? [[String: Any]])?.first)
        let byChannel = try await client.get("/v1/stats?group_by=channel", headers: setup.shop.auth)
        let rows = byChannel.json["data"] as? [[String: Any]] ?? []
        for field in ["clicks", "orders", "paid_orders", "gmv", "refunded"] {
            let total = rows.reduce(0) { $0 + ($1[field] as? Int ?? 0) }
            #expect(total == row[field] as? Int, "stats \(field) \(total) vs the link's \(String(describing: row[field]))")
        }
    }
}
