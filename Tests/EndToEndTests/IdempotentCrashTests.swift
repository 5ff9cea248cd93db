import CheckoutTesting
import Foundation
import Synchronization
import Testing

/// Money writes under Idempotency-Keys survive SIGKILL: a child serving refunds, payments and
/// cancels with keys is killed at random moments, several rounds; afterwards every key, retried
/// once with its own body, yields exactly one effect, and the database is intact.
@Suite(.serialized) struct IdempotentCrashTests {
    static let adminToken = "e2e-admin-token-0123456789"
    static let rounds = 4

    /// One keyed request: where it went, with which body, and which order it touches.
    struct Attempt: Sendable, Hashable {
        enum Kind: String, Sendable { case refund, payment, cancel }
        var kind: Kind
        var key: String
        var orderID: String
        var path: String { "/v1/orders/\(orderID)/" + (kind == .refund ? "refunds" : kind == .payment ? "payments" : "cancel") }
        var body: String { kind == .refund ? #"{"amount":1,"reason":"k-\#(key)"}"# : "{}" }
    }

    struct Setup: Sendable {
        var shopKey: String
        var shopperToken: String
        var paid: [String]
        var toPay: [String]
        var toCancel: [String]
    }

    @Test func sigkillDuringKeyedRefundsPaymentsAndCancels_RetriesYieldExactlyOneEffectPerKey() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("checkout.sqlite").path
        let port = ServiceProcess.freePort()
        let environment = ["CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": Self.adminToken, "CHECKOUT_DB": database,
                           "CHECKOUT_HTTP_PORT": String(port)]
        let start = { try await Blocking.run { try ServiceProcess(environment: environment) } }
        let client = InProcessClient.live(port: port)

        var service = try await start()
        let setup = try await Self.prepare(client)
        var attempts: [Attempt] = []
        var generator = SystemRandomNumberGenerator()
        for round in 0..<Self.rounds {
            if round > 0 { service = try await start() }
            let killAfter = Int.random(in: 100...600, using: &generator)
            let running = service
            attempts += try await Self.load(client, setup, round: round) {
                try await Task.sleep(for: .milliseconds(killAfter))
                running.send(signal: SIGKILL)
                _ = try await Blocking.run { running.waitForExit() }
            }
        }

        // Every key once more, with its own body: each answers what its one effect was.
        service = try await start()
        var refundIDs = Set<String>()
        var refundsAnswered = 0
        for attempt in attempts {
            let answer = try await client.post(attempt.path, json: attempt.body, headers: Self.headers(setup, attempt))
            #expect([200, 201, 409].contains(answer.status), "\(attempt.kind) \(attempt.key): \(answer.status) \(answer.text)")
            switch attempt.kind {
            case .refund where answer.status == 201:
                refundsAnswered += 1
                refundIDs.insert(try #require(answer.json["id"] as? String))
            case .payment where answer.status == 201:
                let payments = try await Self.sql(database, "SELECT id FROM payments WHERE order_id = '\(attempt.orderID)'")
                #expect(payments == [try #require(answer.json["id"] as? String)], "one payment per order")
            case .cancel where answer.status == 200:
                #expect(answer.json["status"] as? String == "cancelled")
            default:
                break
            }
        }
        let last = service
        last.send(signal: SIGTERM)
        #expect(try await Blocking.run { last.waitForExit() } == 0)

        #expect(refundsAnswered > 0, "the load reached the refunds")
        #expect(refundIDs.count == refundsAnswered, "each refund key answers its own refund")
        let stored = try await Self.sql(database, "SELECT count(*) FROM refunds WHERE origin = 'merchant'")
        #expect(stored == [String(refundIDs.count)], "one refund per key, none without its answer")
        let over = try await Self.sql(database, """
            SELECT o.id FROM orders o JOIN payments p ON p.order_id = o.id
            WHERE (SELECT coalesce(sum(amount), 0) FROM refunds r WHERE r.payment_id = p.id AND r.status <> 'failed') > p.amount
            """)
        #expect(over.isEmpty, "refunded at most what was paid")
        let payments = try await Self.sql(database, "SELECT count(*) - count(DISTINCT order_id) FROM payments")
        #expect(payments == ["0"])
        #expect(try await Self.sql(database, "PRAGMA integrity_check") == ["ok"])
    }

    /// A shop, a shopper, paid orders to refund, pending orders to pay and to cancel.
    static func prepare(_ client: InProcessClient) async throws -> Setup {
        let fixture = CommerceFixture(client, adminToken: adminToken)
        let shop = try await fixture.createShop()
        let product = try await fixture.createProduct(shop, price: 1_000)
        let token = try await fixture.login()
        func place() async throws -> String {
            let placed = try await fixture.placeOrder(token, shopID: shop.id, items: [(product, 1)])
            return try #require(placed.json["id"] as? String, "\(placed.text)")
        }
        var paid: [String] = []
        for i in 0..<6 {
            let id = try await place()
            let pay = try await client.post("/v1/orders/\(id)/payments", json: "{}",
                                            headers: CommerceFixture.bearer(token).merging(["Idempotency-Key": "setup-\(i)"]) { $1 })
            #expect(pay.status == 201, "\(pay.text)")
            #expect(try await client.post("/v1/sandbox/orders/\(id)/pay", headers: CommerceFixture.bearer(token)).status == 200)
            paid.append(id)
        }
        for id in paid {
            for _ in 0..<100 where try await client.get("/v1/orders/\(id)", headers: shop.auth).json["status"] as? String != "paid" {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        var toPay: [String] = [], toCancel: [String] = []
        for _ in 0..<40 { toPay.append(try await place()) }
        for _ in 0..<40 { toCancel.append(try await place()) }
        return Setup(shopKey: shop.key, shopperToken: token, paid: paid, toPay: toPay, toCancel: toCancel)
    }

    /// 24 clients send keyed refunds, payments and cancels until `kill` has killed the server.
    static func load(_ client: InProcessClient, _ setup: Setup, round: Int,
                     kill: @escaping @Sendable () async throws -> Void) async throws -> [Attempt] {
        let stopped = Flag()
        return try await withThrowingTaskGroup(of: [Attempt].self) { group in
            group.addTask {
                try await kill()
                stopped.set()
                return []
            }
            for worker in 0..<24 {
                group.addTask {
                    var sent: [Attempt] = []
                    var n = 0
                    while !stopped.isSet && n < 40 {
                        let attempt = Self.attempt(setup, round: round, worker: worker, n: n)
                        n += 1
                        sent.append(attempt)
                        // The server may die under this request: any answer, or none, is fine here.
                        _ = try? await client.post(attempt.path, json: attempt.body, headers: Self.headers(setup, attempt))
                    }
                    return sent
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    /// A flag set once, read from many tasks.
    final class Flag: Sendable {
        private let value = Atomic(false)
        func set() { value.store(true, ordering: .relaxed) }
        var isSet: Bool { value.load(ordering: .relaxed) }
    }

    static func attempt(_ setup: Setup, round: Int, worker: Int, n: Int) -> Attempt {
        let key = "r\(round)-w\(worker)-\(n)"
        switch (worker + n) % 3 {
        case 0: return Attempt(kind: .refund, key: key, orderID: setup.paid[(worker + n) % setup.paid.count])
        case 1: return Attempt(kind: .payment, key: key, orderID: setup.toPay[(worker * 7 + n) % setup.toPay.count])
        default: return Attempt(kind: .cancel, key: key, orderID: setup.toCancel[(worker * 5 + n) % setup.toCancel.count])
        }
    }

    static func headers(_ setup: Setup, _ attempt: Attempt) -> [String: String] {
        let token = attempt.kind == .refund ? setup.shopKey : setup.shopperToken
        return ["Authorization": "Bearer \(token)", "Idempotency-Key": attempt.key]
    }

    /// The rows of `query` on the database (sqlite3 command-line tool), one string per row.
    static func sql(_ database: String, _ query: String) async throws -> [String] {
        let (status, output) = try await Blocking.run { try Shell.run("sqlite3", [database, query]) }
        guard status == 0 else { throw TestError("sqlite3: \(output)") }
        return output.split(separator: "\n").map(String.init)
    }
}
