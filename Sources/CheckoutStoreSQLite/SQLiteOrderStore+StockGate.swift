import CheckoutCore
import CheckoutSQLite
import CheckoutThreads

extension SQLiteOrderStore {
    /// A keyed one-product placement through the stock gate (docs/006-stock-gate.md): it takes a
    /// writer slot when admitted, waits outside the writer's queue while orders in flight hold
    /// the product's stock, and is refused by a batched job when the product is sold out.
    func placeThroughGate(_ placement: OrderPlacement, line: LineRequest,
                          commit: IdempotentCommit<Order>) async throws -> IdempotentOutcome<Order> {
        let gate = storage.stockGate
        switch await gate.enter(productID: line.productID, shopID: placement.shopID, quantity: Int64(line.quantity)) {
        case .soldOut(let product):
            // What the placement would answer, under the key, without reading or locking the product.
            let error = OrderPricing.outOfStock(line, product: product, param: OrderPricing.param(index: 0, fromCart: false))
            return try await storage.soldOutRefusals.submit(SoldOutRefusal(commit: commit, error: error), on: storage).get()
        case .admit(let ticket):
            let reading = StockReading()
            let outcome: IdempotentOutcome<Order>
            do {
                outcome = try await placeNow(.success(placement), commit: commit, reading: reading)
            } catch {
                gate.resolve(ticket, reading: nil)
                throw error
            }
            gate.resolve(ticket, reading: Self.isCommittedReading(outcome) ? reading.product : nil)
            return outcome
        case .wait:
            return try await placeNow(.success(placement), commit: commit, reading: nil)
        }
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

    /// Stores `out_of_stock` as the answer of each refusal's key (or replays what the key holds),
    /// each in its own savepoint.
    static func refuse(_ refusals: [SoldOutRefusal], _ db: Database) throws -> [Result<IdempotentOutcome<Order>, any Error>] {
        try refusals.map { refusal in
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
}

/// The product as a placement's transaction left it (written on the writer thread, read after).
final class StockReading: Sendable {
    private let value = Locked<Product?>(nil)

    var product: Product? { value.withLock { $0 } }

    func record(_ product: Product) { value.withLock { $0 = product } }
}
