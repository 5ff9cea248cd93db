import CheckoutThreads
import Testing
@testable import CheckoutCore

/// The stock gate on real threads: buyers enter and placements resolve concurrently (a waiter's
/// placement runs on the thread of the resolution that admitted it), against a stand-in store whose guarded decrement
/// is the authority, as the SQLite store's `UPDATE … WHERE stock >= ?` is.
@Suite struct StockGateThreadTests {
    private enum Outcome: Sendable {
        case placed, refusedByStore, soldOut, other
    }

    /// The store's stock row: one guarded decrement at a time.
    private final class Shelf: Sendable {
        let stock: Locked<Int64>
        init(_ stock: Int64) { self.stock = Locked(stock) }
    }

    @Test(arguments: [(buyers: 2_000, stock: 100), (buyers: 300, stock: 299), (buyers: 500, stock: 0)])
    func buyersOnManyThreads_GetExactlyTheStock_AndEveryOtherOneIsRefused(buyers: Int, stock: Int64) async {
        let gate = StockGate(clock: ManualClock())
        let store = Shelf(stock)
        let outcomes = await withTaskGroup(of: Outcome.self) { group in
            for _ in 0..<buyers {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        gate.enter(productID: "prod_1", shopID: "shop_1", quantity: 1) { decision in
                            continuation.resume(returning: Self.place(decision, gate: gate, store: store))
                        }
                    }
                }
            }
            return await group.reduce(into: [Outcome]()) { $0.append($1) }
        }
        #expect(outcomes.count == buyers)
        #expect(outcomes.filter { $0 == .placed }.count == Int(stock))
        #expect(outcomes.filter { $0 == .other }.isEmpty)
        #expect(store.stock.withLock { $0 } == 0)
        #expect(gate.load(of: "prod_1") == (held: 0, waiting: 0))
        // Known sold out in the committed state, a late buyer is refused without a placement.
        let late = Locked<StockGateState.Decision?>(nil)
        gate.enter(productID: "prod_1", shopID: "shop_1", quantity: 1) { decision in late.withLock { $0 = decision } }
        #expect(late.withLock { $0 } == .soldOut(.make(stock: 0)))
    }

    /// What the store does with a decision: an admitted buyer takes a unit by the guarded
    /// decrement and resolves on the thread that decided it (the writer's, in the SQLite store).
    private static func place(_ decision: StockGateState.Decision, gate: StockGate, store: Shelf) -> Outcome {
        switch decision {
        case .admit(let ticket):
            let (placed, left) = store.stock.withLock { stock -> (Bool, Int64) in
                guard stock >= 1 else { return (false, stock) }
                stock -= 1
                return (true, stock)
            }
            gate.resolve(ticket, reading: .make(stock: left))
            return placed ? .placed : .refusedByStore
        case .soldOut(let product):
            return product.stock == 0 ? .soldOut : .other
        case .pass, .wait:
            return .other
        }
    }
}
