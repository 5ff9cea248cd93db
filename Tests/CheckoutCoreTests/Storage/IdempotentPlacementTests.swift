@testable import CheckoutStoreSQLite
import CheckoutSQLite
import Foundation
import Testing
@testable import CheckoutCore

/// Orders placed under an Idempotency-Key: the key's check, the order and its stored answer are
/// one writer job, so they commit together or not at all.
@Suite struct IdempotentPlacementTests {
    static let endpoint = "POST /v1/shops/shop_x/orders"

    static func commit(_ claim: IdempotencyClaim = claim(), now: Timestamp = Timestamp(seconds: 1_795_514_400),
                       answer: @escaping @Sendable (Result<Order, any Error>) throws -> IdempotentAnswer = render)
        -> IdempotentCommit<Order> {
        IdempotentCommit(claim: claim, policy: IdempotencyPolicy(), now: now, answer: answer)
    }

    static func claim(_ key: String = "key-1", hash: String = "hash-1", endpoint: String = endpoint) -> IdempotencyClaim {
        IdempotencyClaim(caller: "user:u", key: key, endpoint: endpoint, requestHash: hash)
    }

    /// Renders like the API: 201 with the order id, errors as status and code.
    static let render: @Sendable (Result<Order, any Error>) throws -> IdempotentAnswer = { result in
        switch result {
        case .success(let order): return IdempotentAnswer(status: 201, body: Array(order.id.utf8))
        case .failure(let error as CheckoutError): return IdempotentAnswer(status: error.code == .notFound ? 404 : 409,
                                                                           body: Array(error.code.rawValue.utf8))
        case .failure: return IdempotentAnswer(status: 500, body: [])
        }
    }

    @Test func placingWithAKey_WritesTheOrderAndItsCompletedAnswerInOneWriterJob() async throws {
        try await TestEnvironment.with { env in
            let (shop, tea, user) = try await Self.setUp(env, stock: 10)
            let before = env.storage.writer.statistics.jobs
            let outcome = try await env.services.orders.placeOrder(
                userID: user.id, shopID: shop.id, .success(env.draft([(tea, 2)])), commit: Self.commit())
            #expect(env.storage.writer.statistics.jobs - before == 1, "one round trip through the writer")
            guard case .done(let order, let answer?) = outcome else { Issue.record("\(outcome)"); return }
            #expect(answer == IdempotentAnswer(status: 201, body: Array(order.id.utf8)))
            #expect(try await Self.orderCount(env) == 1)
            let record = try await Self.record(env, Self.claim())
            #expect(record?.answer == IdempotentAnswer(status: 201, body: Array(order.id.utf8)))
            #expect(try await env.stock(tea.id) == 8)
        }
    }

    @Test func aRetryWithTheSameKey_ReplaysWithoutASecondOrder() async throws {
        try await TestEnvironment.with { env in
            let (shop, tea, user) = try await Self.setUp(env, stock: 10)
            let first = try await Self.place(env, shop, tea, user)
            let again = try await Self.place(env, shop, tea, user)
            guard case .done(let order, _) = first, case .replay(let answer) = again else {
                Issue.record("\(first) then \(again)"); return
            }
            #expect(answer == IdempotentAnswer(status: 201, body: Array(order.id.utf8)))
            #expect(try await Self.orderCount(env) == 1)
            #expect(try await env.stock(tea.id) == 9)
        }
    }

    @Test func outOfStock_LeavesNoOrderRowsButStoresThe409AsTheKeysAnswer() async throws {
        try await TestEnvironment.with { env in
            let (shop, tea, user) = try await Self.setUp(env, stock: 1)
            let cup = try await env.makeProduct(in: shop, title: "Cup", stock: 5)
            let outcome = try await env.services.orders.placeOrder(
                userID: user.id, shopID: shop.id, .success(env.draft([(cup, 2), (tea, 2)])), commit: Self.commit())
            guard case .refused(let error as CheckoutError) = outcome else { Issue.record("\(outcome)"); return }
            #expect(error.code == .outOfStock)
            #expect(try await Self.orderCount(env) == 0)
            #expect(try await env.stock(cup.id) == 5, "the first line's reservation rolled back")
            let record = try await Self.record(env, Self.claim())
            #expect(record?.answer == IdempotentAnswer(status: 409, body: Array("out_of_stock".utf8)))
            // Stock arrives, but the key's answer stays the stored 409.
            _ = try await env.services.catalog.updateProduct(in: shop, id: tea.id, ProductPatch(stock: 10))
            let retry = try await env.services.orders.placeOrder(
                userID: user.id, shopID: shop.id, .success(env.draft([(cup, 2), (tea, 2)])), commit: Self.commit())
            guard case .replay(let answer) = retry else { Issue.record("\(retry)"); return }
            #expect(answer.status == 409)
            #expect(try await Self.orderCount(env) == 0)
        }
    }

    @Test func aBodyThatFailedToDecode_IsStoredAsTheKeysAnswerToo() async throws {
        try await TestEnvironment.with { env in
            let (shop, _, user) = try await Self.setUp(env, stock: 1)
            let outcome = try await env.services.orders.placeOrder(
                userID: user.id, shopID: shop.id, .failure(CheckoutError.invalidRequest("bad", param: "items")),
                commit: Self.commit())
            guard case .refused = outcome else { Issue.record("\(outcome)"); return }
            #expect(try await Self.record(env, Self.claim())?.answer.status == 409)
            #expect(try await Self.orderCount(env) == 0)
        }
    }

    @Test func anAnswerThatCannotBeRendered_RollsTheOrderBack_AndKeepsTheKeyFree() async throws {
        try await TestEnvironment.with { env in
            let (shop, tea, user) = try await Self.setUp(env, stock: 10)
            struct RenderFailure: Error {}
            // The fault between "order placed" and "answer stored": the order must not survive it.
            await #expect(throws: RenderFailure.self) {
                try await env.services.orders.placeOrder(
                    userID: user.id, shopID: shop.id, .success(env.draft([(tea, 2)])),
                    commit: Self.commit(answer: { _ in throw RenderFailure() }))
            }
            #expect(try await Self.orderCount(env) == 0)
            #expect(try await env.stock(tea.id) == 10)
            #expect(try await Self.record(env, Self.claim()) == nil)
            guard case .done = try await Self.place(env, shop, tea, user) else {
                Issue.record("a retry places the order"); return
            }
            #expect(try await Self.orderCount(env) == 1)
        }
    }

    @Test func serverErrorAnswers_AreNotStored() async throws {
        try await TestEnvironment.with { env in
            let (shop, tea, user) = try await Self.setUp(env, stock: 10)
            await #expect(throws: CheckoutError.self) {
                try await env.services.orders.placeOrder(
                    userID: user.id, shopID: shop.id, .success(env.draft([(tea, 1)])),
                    commit: Self.commit(answer: { _ in IdempotentAnswer(status: 503, body: []) }))
            }
            #expect(try await Self.orderCount(env) == 0)
            #expect(try await Self.record(env, Self.claim()) == nil)
        }
    }

    @Test func anotherBodyOrEndpoint_IsKeyReused() async throws {
        try await TestEnvironment.with { env in
            let (shop, tea, user) = try await Self.setUp(env, stock: 10)
            _ = try await Self.place(env, shop, tea, user)
            for claim in [Self.claim(hash: "hash-2"), Self.claim(endpoint: "POST /v1/shops/shop_y/orders")] {
                let error = await checkoutError { try await Self.place(env, shop, tea, user, claim: claim) }
                #expect(error?.code == .idempotencyKeyReused)
            }
            #expect(try await Self.orderCount(env) == 1)
        }
    }

    /// The key is not read before the work: its INSERT finds the record, the work's savepoint
    /// rolls back, and only then is the record read. An answer past retention is replaced by
    /// the work run again (one order more, the new answer stored under the key).
    @Test func anExpiredAnswer_IsReplacedByTheWorkRunAgain() async throws {
        try await TestEnvironment.with { env in
            let (shop, tea, user) = try await Self.setUp(env, stock: 10)
            let start = Timestamp(seconds: 1_795_514_400)
            guard case .done(let first, _) = try await env.services.orders.placeOrder(
                userID: user.id, shopID: shop.id, .success(env.draft([(tea, 1)])), commit: Self.commit(now: start))
            else { Issue.record("first placement"); return }
            let later = start.adding(seconds: IdempotencyPolicy().retentionSeconds + 1)
            let again = try await env.services.orders.placeOrder(
                userID: user.id, shopID: shop.id, .success(env.draft([(tea, 1)])), commit: Self.commit(now: later))
            guard case .done(let second, let answer?) = again else { Issue.record("\(again)"); return }
            #expect(second.id != first.id)
            #expect(try await Self.record(env, Self.claim())?.answer == answer)
            #expect(try await Self.record(env, Self.claim())?.createdAt == later)
            #expect(try await Self.orderCount(env) == 2)
            #expect(try await env.stock(tea.id) == 8)
        }
    }

    /// A refusal's replay and a refusal under a reused key leave the stored answer as it was.
    @Test func aRefusalReplays_AndAnotherBodyWithItsKeyIsReused() async throws {
        try await TestEnvironment.with { env in
            let (shop, tea, user) = try await Self.setUp(env, stock: 0)
            guard case .refused = try await Self.place(env, shop, tea, user) else { Issue.record("refusal"); return }
            let stored = try await Self.record(env, Self.claim())
            guard case .replay(let answer) = try await Self.place(env, shop, tea, user) else { Issue.record("replay"); return }
            #expect(answer == stored?.answer)
            let error = await checkoutError { try await Self.place(env, shop, tea, user, claim: Self.claim(hash: "hash-2")) }
            #expect(error?.code == .idempotencyKeyReused)
            #expect(try await Self.record(env, Self.claim()) == stored)
            #expect(try await Self.orderCount(env) == 0)
        }
    }

    /// Keyed placements of one batch share the writer's savepoint. One whose key already has an
    /// answer writes its order, meets the record with its INSERT, and sends the writer back: the
    /// shared savepoint rolls back, the placements up to it run again alone, it replays, and each
    /// other placement leaves exactly one order.
    @Test func aReplayAmongKeyedPlacementsOfOneBatch_ReplaysAndTheOthersPlaceOnce() async throws {
        try await TestEnvironment.with { env in
            let (shop, tea, user) = try await Self.setUp(env, stock: 10)
            let cup = try await env.makeProduct(in: shop, title: "Cup")
            // Two lines: past the stock gate, straight to the writer.
            let place = { @Sendable (key: String) async throws -> IdempotentOutcome<Order> in
                try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id,
                                                         .success(env.draft([(tea, 1), (cup, 1)])),
                                                         commit: Self.commit(Self.claim(key)))
            }
            guard case .done(let earlier, _) = try await place("k-b") else { Issue.record("first k-b"); return }
            let writer = env.storage.writer
            let held = DispatchSemaphore(value: 0)
            let started = DispatchSemaphore(value: 0)
            let holder = Task { try await writer.write { _ in started.signal(); held.wait() } }
            await Task.detached { started.wait() }.value
            let before = writer.statistics.repeatedJobs
            var tasks: [Task<IdempotentOutcome<Order>, any Error>] = []
            for (index, key) in ["k-a", "k-b", "k-c"].enumerated() {
                tasks.append(Task { try await place(key) })
                while writer.queuedJobCount < index + 1 { try await Task.sleep(nanoseconds: 1_000_000) }
            }
            held.signal()
            try await holder.value
            var outcomes: [IdempotentOutcome<Order>] = []
            for task in tasks { outcomes.append(try await task.value) }
            guard case .done = outcomes[0], case .replay(let replayed) = outcomes[1], case .done = outcomes[2] else {
                Issue.record("\(outcomes)"); return
            }
            #expect(replayed == IdempotentAnswer(status: 201, body: Array(earlier.id.utf8)))
            #expect(writer.statistics.repeatedJobs - before == 2)
            #expect(try await Self.orderCount(env) == 3)
            #expect(try await env.stock(tea.id) == 7)
        }
    }

    @Test func tenConcurrentIdenticalRequests_PlaceExactlyOneOrder() async throws {
        try await TestEnvironment.with { env in
            let (shop, tea, user) = try await Self.setUp(env, stock: 100)
            let outcomes = try await withThrowingTaskGroup(of: IdempotentOutcome<Order>.self) { group in
                for _ in 0..<10 { group.addTask { try await Self.place(env, shop, tea, user) } }
                return try await group.reduce(into: [IdempotentOutcome<Order>]()) { $0.append($1) }
            }
            let placed = outcomes.compactMap { if case .done(let order, _) = $0 { order } else { nil } }
            #expect(placed.count == 1)
            let replays = outcomes.compactMap { if case .replay(let answer) = $0 { answer } else { nil } }
            #expect(replays.count == 9)
            #expect(replays.allSatisfy { $0.body == Array((placed.first?.id ?? "").utf8) })
            #expect(try await Self.orderCount(env) == 1)
            #expect(try await env.stock(tea.id) == 99)
        }
    }

    // MARK: - Helpers

    static func setUp(_ env: TestEnvironment, stock: Int64) async throws -> (Shop, Product, User) {
        let shop = try await env.makeShop()
        return (shop, try await env.makeProduct(in: shop, title: "Tea", stock: stock), try await env.makeUser())
    }

    static func place(_ env: TestEnvironment, _ shop: Shop, _ product: Product, _ user: User,
                      claim: IdempotencyClaim = claim()) async throws -> IdempotentOutcome<Order> {
        try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id, .success(env.draft([(product, 1)])),
                                                 commit: commit(claim))
    }

    static func orderCount(_ env: TestEnvironment) async throws -> Int {
        try await env.storage.readers.read { db in try db.queryOne("SELECT count(*) AS n FROM orders")?.int("n") ?? -1 }
    }

    static func record(_ env: TestEnvironment, _ claim: IdempotencyClaim) async throws -> IdempotencyRecord? {
        try await env.storage.writer.write { db in
            try SQLiteIdempotencyStore.record(db, claim)
        }
    }
}
