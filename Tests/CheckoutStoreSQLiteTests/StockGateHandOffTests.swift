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
    /// A database with one product of `stock` units and a buyer, in a folder of its own.
    private struct World {
        let folder: URL
        let storage: SQLiteStorage
        let clock = ManualClock()
        let shop: Shop
        let product: Product
        let user: User

        init(stock: Int64) async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-handoff-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // The gate on the test's clock: a reading stays trusted however slow the machine is.
            storage = try SQLiteStorage.open(path: folder.appendingPathComponent("a.sqlite").path,
                                             stockGate: StockGate(clock: clock))
            let services = CheckoutServices(stores: storage.stores, clock: clock)
            shop = try await services.catalog.createShop(ShopDraft(name: "Tea House")).shop
            product = try await services.catalog.createProduct(in: shop, ProductDraft(title: "Oolong", price: 1_000,
                                                                                       stock: stock))
            user = try await services.sessions.createSession(platform: .sandbox, openid: "buyer").user
        }

        /// A keyed order of one unit whose id is minted by `ids` (a fresh one by default).
        func buy(_ key: String, ids: any IDGenerator = RandomIDGenerator())
            -> @Sendable () async throws -> IdempotentOutcome<Order> {
            let placement = OrderPlacement(
                id: PendingOrderID(mintedBy: ids), shopID: shop.id, userID: user.id,
                lines: [LineRequest(productID: product.id, quantity: 1)],
                shipping: Shipping(name: "Li Lei", phone: "+86 138 0000 0000", address: "1 Nanjing Rd"),
                shareCode: nil, scene: nil, note: nil, createdAt: clock.now(), expiresAt: clock.now().adding(seconds: 900))
            let commit = IdempotentCommit<Order>(
                claim: IdempotencyClaim(caller: "user:\(user.id)", key: key, endpoint: "POST /orders", requestHash: key),
                policy: IdempotencyPolicy(), now: clock.now()) { result in
                IdempotentAnswer(status: (try? result.get()).map { _ in 201 } ?? 409, body: [])
            }
            let store = SQLiteOrderStore(storage)
            return { try await store.place(.success(placement), commit: commit) }
        }

        func close() {
            storage.writer.close()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    @Test func aWaitersPlacementIsQueuedByTheCommitThatAdmitsIt_WhileItsTaskCannotRun() async throws {
        let world = try await World(stock: 5)
        defer { world.close() }
        let (storage, product, buy) = (world.storage, world.product, world.buy)
        // The writer is held, so the first buyer (the probe) stays in flight while the second waits.
        let writerHeld = OneShot<Void>()
        storage.writer.enqueue({ _ in writerHeld.wait() }, reply: { _ in })
        let probe = Task { try await buy("first", RandomIDGenerator())() }
        try await until { storage.stockGate.load(of: product.id) == (held: 1, waiting: 0) }
        let executor = HeldExecutor()
        defer { executor.stop() }
        let waiter = Task(executorPreference: executor) { try await buy("second", RandomIDGenerator())() }
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

    /// A buyer the gate knows is sold out is refused without an order id being minted; a placed
    /// order's id is the one its generator minted.
    @Test func aSoldOutBuyerMintsNoOrderID() async throws {
        let world = try await World(stock: 1)
        defer { world.close() }
        let ids = CountingIDs()
        guard case .done(let order, _) = try await world.buy("first", ids: ids)() else {
            throw HandOffTestError("the first buyer was not placed")
        }
        #expect(ids.minted == [order.id])
        guard case .refused(let error) = try await world.buy("second", ids: ids)() else {
            throw HandOffTestError("the second buyer was not refused")
        }
        #expect((error as? CheckoutError)?.code == .outOfStock)
        #expect(ids.minted.count == 1, "known sold out: no id minted")
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

/// Order ids from a real generator, remembered.
private final class CountingIDs: IDGenerator {
    private let made = Locked<[String]>([])

    var minted: [String] { made.withLock { $0 } }

    func makeID(_ kind: IDKind) -> String {
        let id = RandomIDGenerator().makeID(kind)
        made.withLock { $0.append(id) }
        return id
    }
}

private struct HandOffTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
