import CheckoutCore
import CheckoutSQLite
import CheckoutThreads

extension SQLiteOrderStore {
    /// A keyed one-product placement through the stock gate (docs/006-stock-gate.md): it takes a
    /// writer slot when admitted, waits outside the writer's queue while orders in flight hold
    /// the product's stock, and is refused by a batched job when the product is sold out. Its
    /// task suspends once, until its answer is committed: a waiter's next step is started by the
    /// placement that wakes it, on the writer thread.
    func placeThroughGate(_ placement: OrderPlacement, line: LineRequest,
                          commit: IdempotentCommit<Order>) async throws -> IdempotentOutcome<Order> {
        try await withCheckedThrowingContinuation { continuation in
            storage.stockGate.enter(productID: line.productID, shopID: placement.shopID,
                                    quantity: Int64(line.quantity)) { [self] decision in
                start(decision, placement, line: line, commit: commit) { continuation.resume(with: $0) }
            }
        }
    }

    /// Starts what the gate decided for a placement, on the buyer's thread or, for a waiter, on
    /// the thread of the placement that woke it; `reply` gets the outcome after its COMMIT.
    private func start(_ decision: StockGateState.Decision, _ placement: OrderPlacement, line: LineRequest,
                       commit: IdempotentCommit<Order>,
                       reply: @escaping @Sendable (Result<IdempotentOutcome<Order>, any Error>) -> Void) {
        switch decision {
        case .soldOut(let product):
            // What the placement would answer, without reading or locking the product, rendered
            // before the job; the writer only stores it under the key.
            let error = OrderPricing.outOfStock(line, product: product, param: OrderPricing.param(index: 0, fromCart: false))
            let answer: IdempotentAnswer
            do {
                answer = try commit.answer(.failure(error))
            } catch {
                return reply(.failure(error))
            }
            guard answer.status < 500 else { return reply(.failure(error)) }
            storage.soldOutRefusals.submit(SoldOutRefusal(commit: commit, error: error, answer: answer),
                                           on: storage) { reply($0.flatMap { $0 }) }
        case .admit(let ticket):
            let reading = StockReading()
            let gate = storage.stockGate
            enqueuePlacement(placement, commit: commit, reading: reading) { result in
                // On the writer thread right after the COMMIT (or the failure): the waiters
                // move before this placement's task runs again.
                let committed = (try? result.get()).map(Self.isCommittedReading) ?? false
                gate.resolve(ticket, reading: committed ? reading.product : nil)
                reply(result)
            }
        case .pass, .wait:
            enqueuePlacement(placement, commit: commit, reading: nil, reply: reply)
        }
    }

    /// The placement's keyed writer job; `reply` gets its outcome after the COMMIT. The order id
    /// and the shipping JSON are made here, not in the job (for a waiter, here is the writer
    /// thread between two jobs: about a hundred a sale); a sold-out buyer never mints an id.
    private func enqueuePlacement(_ placement: OrderPlacement, commit: IdempotentCommit<Order>, reading: StockReading?,
                                  reply: @escaping @Sendable (Result<IdempotentOutcome<Order>, any Error>) -> Void) {
        placement.mintID()
        let shippingJSON = SQLiteOrderRecords.encodeShipping(placement.shipping)
        storage.enqueueWrite(repeatable: true, { [storage] db in
            try SQLiteStorage.run(db, commit) { db in
                try Self.place(db, placement, shippingJSON: shippingJSON, storage: storage, reading: reading)
            }
        }, reply: reply)
    }

    /// Whether the placement's transaction committed with the reading it took: a placed order,
    /// or one refused `out_of_stock` (its answer stored in the committed transaction).
    static func isCommittedReading(_ outcome: IdempotentOutcome<Order>) -> Bool {
        switch outcome {
        case .done: true
        case .refused(let error): (error as? CheckoutError)?.code == .outOfStock
        case .replay: false
        }
    }

    /// Stores `out_of_stock` as the answer of each refusal's key. The common case, no key of the
    /// job answered before, is a few multi-row INSERTs for the whole job; a refusal whose key has
    /// a record (a replay, a reused key, an expired answer) runs the usual keyed write in its own
    /// savepoint: it replays, is refused as reused, or replaces the expired answer.
    static func refuse(_ refusals: [SoldOutRefusal], _ db: Database) throws -> [Result<IdempotentOutcome<Order>, any Error>] {
        let entries = refusals.map { SQLiteIdempotencyStore.Entry(claim: $0.commit.claim, answer: $0.answer, at: $0.commit.now) }
        let stored = try SQLiteIdempotencyStore.insertNew(db, entries)
        return try zip(refusals, stored).map { refusal, stored in
            guard !stored else { return .success(.refused(refusal.error)) }
            do {
                return .success(try db.transaction {
                    try SQLiteStorage.run(db, refusal.commit) { _ -> Order in throw refusal.error }
                })
            } catch {
                // An error that ended the transaction fails the whole job.
                guard db.isInTransaction else { throw error }
                return .failure(error)
            }
        }
    }
}

/// An order answered `out_of_stock` by the stock gate, waiting for the job that stores its answer.
struct SoldOutRefusal: Sendable {
    var commit: IdempotentCommit<Order>
    var error: CheckoutError
    /// `commit.answer` for `error`, rendered before the job.
    var answer: IdempotentAnswer
}

/// The product as a placement's transaction left it (written on the writer thread, read after).
final class StockReading: Sendable {
    private let value = Locked<Product?>(nil)

    var product: Product? { value.withLock { $0 } }

    func record(_ product: Product) { value.withLock { $0 = product } }
}
