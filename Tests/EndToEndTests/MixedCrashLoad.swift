import CheckoutTesting
import Foundation
import CheckoutThreads

/// The clients of `MixedCrashBinaryTests`: each places orders (some credited to a share link),
/// pays its own in the sandbox, refunds some of what it paid (as the shop) and clicks the link,
/// recording every acknowledged effect with its Idempotency-Key and body, until the server dies.
enum MixedCrashLoad {
    static let adminToken = "e2e-admin-token-0123456789"
    static let initialStock: Int64 = 1_000_000
    static let prices: [Int64] = [1_000, 700, 300]

    struct Setup: Sendable {
        var shop: CommerceFixture.ShopHandle
        var products: [String]
        var code: String
        var sharer: String
        var buyers: [String]
    }

    /// What the server acknowledged, and what each worker owns across rounds.
    struct Acknowledged: Sendable {
        /// Idempotency-Key → (order id, body, buyer token).
        var orders: [String: (id: String, body: String, token: String)] = [:]
        /// Idempotency-Key → (order id, payment id).
        var payments: [String: (order: String, id: String)] = [:]
        var paidOrders: Set<String> = []
        /// Idempotency-Key → (order id, refund id, body).
        var refunds: [String: (order: String, id: String, body: String)] = [:]
        var clicksSent = 0
        var clicks = 0
        var placedBy: [Int: [String]] = [:]
        var paidBy: [Int: [String]] = [:]

        /// Acknowledged orders, paid orders, refunds and clicks.
        var tally: [Int] { [orders.count, paidOrders.count, refunds.count, clicks] }
    }

    /// `Acknowledged`, shared by the workers.
    final class Ledger: Sendable {
        private let state = Locked(Acknowledged())
        func withLock<T: Sendable>(_ body: (inout Acknowledged) -> T) -> T { state.withLock { body(&$0) } }
    }

    static func prepare(_ client: InProcessClient, clients: Int) async throws -> Setup {
        let fixture = CommerceFixture(client, adminToken: adminToken)
        let shop = try await fixture.createShop()
        var products: [String] = []
        for (index, price) in prices.enumerated() {
            products.append(try await fixture.createProduct(shop, title: "Tea \(index)", price: price, stock: initialStock))
        }
        let sharer = try await fixture.login("mixed-sharer")
        let link = try await client.post("/v1/share-links", json: #"{"shop_id":"\#(shop.id)","product_id":"\#(products[0])"}"#,
                                         headers: CommerceFixture.bearer(sharer))
        guard let code = link.json["code"] as? String else { throw TestError("share link: \(link.text)") }
        var buyers: [String] = []
        for worker in 0..<clients { buyers.append(try await fixture.login("mixed-buyer-\(worker)")) }
        return Setup(shop: shop, products: products, code: code, sharer: sharer, buyers: buyers)
    }

    /// Runs every worker until `kill` returns (it kills the server), then returns.
    static func run(_ client: InProcessClient, _ setup: Setup, _ acknowledged: Ledger, round: Int,
                    kill: @escaping @Sendable () async throws -> Void) async throws {
        let stopped = IdempotentCrashTests.Flag()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await kill()
                stopped.set()
            }
            for worker in setup.buyers.indices {
                group.addTask {
                    var step = 0
                    while !stopped.isSet && step < 400 {
                        // The server may die under any request: any answer, or none, is fine here.
                        try? await act(client, setup, acknowledged, key: "r\(round)-w\(worker)-\(step)", worker: worker, step: step)
                        step += 1
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Returns once every kind of effect was acknowledged at least once since `before` and at
    /// least `atLeast` effects in all; throws after two minutes without that.
    static func waitForProgress(_ acknowledged: Ledger, since before: [Int], atLeast: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let moved = zip(acknowledged.withLock { $0.tally }, before).map { $0 - $1 }
            if moved.allSatisfy({ $0 > 0 }) && moved.reduce(0, +) >= atLeast { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestError("the load acknowledged too little in two minutes: \(acknowledged.withLock { $0.tally }) from \(before)")
    }

    static func act(_ client: InProcessClient, _ setup: Setup, _ acknowledged: Ledger,
                    key: String, worker: Int, step: Int) async throws {
        let buyer = setup.buyers[worker]
        let own = acknowledged.withLock { ($0.placedBy[worker] ?? [], $0.paidBy[worker] ?? [], $0.paidOrders) }
        switch step % 4 {
        case 0:
            let product = step / 4 % setup.products.count
            let share = product == 0 ? #","share_code":"\#(setup.code)""# : ""
            let body = #"{"items":[{"product_id":"\#(setup.products[product])","quantity":\#(step % 3 + 1)}]\#(share),"shipping":\#(CommerceFixture.shipping)}"#
            let answer = try await client.post("/v1/shops/\(setup.shop.id)/orders", json: body,
                                               headers: CommerceFixture.bearer(buyer).merging(["Idempotency-Key": "o-" + key]) { $1 })
            guard answer.status == 201, let id = answer.json["id"] as? String else { return }
            acknowledged.withLock {
                $0.orders["o-" + key] = (id, body, buyer)
                $0.placedBy[worker, default: []].append(id)
            }
        case 1:
            guard let order = own.0.first(where: { !own.2.contains($0) }) else { return }
            let payment = try await client.post("/v1/orders/\(order)/payments", json: #"{"provider":"sandbox"}"#,
                                                headers: CommerceFixture.bearer(buyer).merging(["Idempotency-Key": "p-" + key]) { $1 })
            guard payment.status == 201, let id = payment.json["id"] as? String else { return }
            acknowledged.withLock { $0.payments["p-" + key] = (order, id) }
            let paid = try await client.post("/v1/sandbox/orders/\(order)/pay", headers: CommerceFixture.bearer(buyer))
            guard paid.json["status"] as? String == "paid" else { return }
            acknowledged.withLock {
                $0.paidOrders.insert(order)
                $0.paidBy[worker, default: []].append(order)
            }
        case 2:
            guard !own.1.isEmpty else { return }
            let order = own.1[step / 4 % own.1.count]
            let body = #"{"amount":\#(step % 50 + 1),"reason":"\#(key)"}"#
            let refund = try await client.post("/v1/orders/\(order)/refunds", json: body,
                                               headers: setup.shop.auth.merging(["Idempotency-Key": "f-" + key]) { $1 })
            guard refund.status == 201, let id = refund.json["id"] as? String else { return }
            acknowledged.withLock { $0.refunds["f-" + key] = (order, id, body) }
        default:
            acknowledged.withLock { $0.clicksSent += 1 }
            let click = try await client.get("/s/\(setup.code)", headers: ["User-Agent": "Mozilla/5.0 MicroMessenger"])
            if click.status == 302 { acknowledged.withLock { $0.clicks += 1 } }
        }
    }
}
