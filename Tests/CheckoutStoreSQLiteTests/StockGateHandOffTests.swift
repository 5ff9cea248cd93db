import CheckoutCore
import CheckoutSQLite
import CheckoutThreads
import Foundation
import Testing
@testable import CheckoutStoreSQLite

/// The SQLite order store's hand-off from the stock gate (docs/006-stock-gate.md): a buyer that
/// waited at the gate has its write job queued by the COMMIT of the placement that admits it,
/// on the writer thread, while its own task has not run again.
@Suite struct StockGateHandOffTests {
    @Test func aWaitersPlacementIsQueuedByTheCommitThatAdmitsIt_WhileItsTaskCannotRun() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-handoff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let storage = try SQLiteStorage.open(path: folder.appendingPathComponent("a.sqlite").path)
        defer {
            storage.writer.close()
            try? FileManager.default.removeItem(at: folder)
        }
        let clock = ManualClock()
        let services = CheckoutServices(stores: storage.stores, clock: clock)
        let shop = try await services.catalog.createShop(ShopDraft(name: "Tea House")).shop
        let product = try await services.catalog.createProduct(in: shop, ProductDraft(title: "Oolong", price: 1_000, stock: 5))
        let user = try await services.sessions.createSession(platform: .sandbox, openid: "buyer").user
        let store = SQLiteOrderStore(storage)
        func buy(_ key: String) -> @Sendable () async throws -> IdempotentOutcome<Order> {
            let placement = OrderPlacement(
                id: RandomIDGenerator().makeID(.order), shopID: shop.id, userID: user.id,
                lines: [LineRequest(productID: product.id, quantity: 1)],
                shipping: Shipping(name: "Li Lei", phone: "+86 138 0000 0000", address: "1 Nanjing Rd"),
                shareCode: nil, scene: nil, note: nil, createdAt: clock.now(), expiresAt: clock.now().adding(seconds: 900))
            let commit = IdempotentCommit<Order>(
                claim: IdempotencyClaim(caller: "user:\(user.id)", key: key, endpoint: "POST /orders", requestHash: key),
                policy: IdempotencyPolicy(), now: clock.now()) { result in
                IdempotentAnswer(status: (try? result.get()).map { _ in 201 } ?? 409, body: [])
            }
            return { try await store.place(.success(placement), commit: commit) }
        }

        // The writer is held, so the first buyer (the probe) stays in flight while the second waits.
        let writerHeld = OneShot<Void>()
        storage.writer.enqueue({ _ in writerHeld.wait() }, reply: { _ in })
        let probe = Task { try await buy("first")() }
        try await until { storage.stockGate.load(of: product.id) == (held: 1, waiting: 0) }
        let executor = HeldExecutor()
        defer { executor.stop() }
        let waiter = Task(executorPreference: executor) { try await buy("second")() }
        try await until { storage.stockGate.load(of: product.id) == (held: 1, waiting: 1) }
        // From here the waiter's task cannot run: only a job queued for it by the wake-up can place it.
        executor.hold()
        writerHeld.set(())
        guard case .done = try await probe.value else { throw HandOffTestError("the probe was not placed") }
        let placed = try storage.writer.writeAndWait { db in try db.queryOne("SELECT count(*) AS n FROM orders")?.int("n") }
        #expect(placed == 2, "the waiter's job was queued by the probe's COMMIT, before its task ran again")
        #expect(storage.stockGate.load(of: product.id) == (held: 0, waiting: 0))
        executor.release()
        guard case .done(let order, _) = try await waiter.value else { throw HandOffTestError("the waiter was not placed") }
        #expect(order.items.first?.productID == product.id)
        #expect(try await storage.stores.products.product(id: product.id)?.stock == 3)
    }

    /// Polls `condition` (the gate's state, moved by other threads) with a bound on the tries.
    private func until(_ condition: () -> Bool) async throws {
        for _ in 0..<20_000 where !condition() { try await Task.sleep(nanoseconds: 1_000_000) }
        guard condition() else { throw HandOffTestError("the gate never reached the expected state") }
    }
}

/// A task executor on one thread whose jobs can be held back (none runs until `release`).
private final class HeldExecutor: TaskExecutor, @unchecked Sendable {
    private let lock = ConditionLock()
    private var jobs: [UnownedJob] = []
    private var held = false
    private var stopped = false
    private var thread: SystemThread?

    init() {
        thread = SystemThread(name: "held-executor") { [unowned self] in work() }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        lock.withLock { jobs.append(job) }
        lock.broadcast()
    }

    func hold() { lock.withLock { held = true } }

    func release() {
        lock.withLock { held = false }
        lock.broadcast()
    }

    func stop() {
        lock.withLock { stopped = true }
        lock.broadcast()
        thread?.join()
    }

    private func work() {
        while true {
            lock.lock()
            while !stopped && (held || jobs.isEmpty) { lock.wait() }
            if jobs.isEmpty {
                // Stopped: held jobs run first.
                lock.unlock()
                return
            }
            let job = jobs.removeFirst()
            lock.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

private struct HandOffTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
