import CheckoutThreads

/// The in-process stock gate in front of a store's single writer (docs/006-stock-gate.md): an
/// order for one product whose stock is all held by orders in flight waits here instead of in
/// the writer's queue, and one for a product sold out in the committed state is refused without
/// a placement. It only saves work: the store's guarded decrement stays the authority.
public final class StockGate: Sendable {
    private struct State {
        var rules: StockGateState
        var waiting: [UInt64: CheckedContinuation<StockGateState.Decision, Never>] = [:]
        /// Decisions for waiters woken before their continuation was filed.
        var early: [UInt64: StockGateState.Decision] = [:]
    }

    private let state: Locked<State>
    private let clock: any Clock

    /// - Parameter lifetimeMilliseconds: how long a reading of a product's stock is trusted.
    public init(clock: any Clock = SystemClock(), lifetimeMilliseconds: Int64 = 1_000) {
        self.clock = clock
        state = Locked(State(rules: StockGateState(lifetimeMilliseconds: lifetimeMilliseconds)))
    }

    /// Waits until an order for `quantity` of `productID` may take a writer slot (`admit`: call
    /// `resolve` with its ticket exactly once afterwards) or is known sold out (`soldOut`).
    public func enter(productID: String, shopID: String, quantity: Int64) async -> StockGateState.Decision {
        let arrival = state.withLock { state in
            state.rules.arrive(productID: productID, shopID: shopID, quantity: quantity, now: clock.now())
        }
        // Only a waiter suspends; the usual answer costs no continuation.
        guard arrival.decision == .wait else { return arrival.decision }
        return await withCheckedContinuation { continuation in
            let early = state.withLock { state in
                guard let decision = state.early.removeValue(forKey: arrival.id) else {
                    state.waiting[arrival.id] = continuation
                    return StockGateState.Decision?.none
                }
                return decision
            }
            if let early { continuation.resume(returning: early) }
        }
    }

    /// The placement admitted with `ticket` ended; `reading` as for `StockGateState.resolve`.
    public func resolve(_ ticket: StockTicket, reading: Product?) {
        let woken = state.withLock { state in
            state.rules.resolve(ticket, reading: reading, now: clock.now()).compactMap {
                waiter -> (CheckedContinuation<StockGateState.Decision, Never>, StockGateState.Decision)? in
                guard let continuation = state.waiting.removeValue(forKey: waiter.id) else {
                    state.early[waiter.id] = waiter.decision
                    return nil
                }
                return (continuation, waiter.decision)
            }
        }
        for (continuation, decision) in woken { continuation.resume(returning: decision) }
    }

    /// Called after any committed change that may raise stock (restock, cancellation, expiry).
    public func stockMayHaveRisen() {
        state.withLock { $0.rules.stockMayHaveRisen() }
    }

    /// Units held in flight and orders waiting for `productID`.
    public func load(of productID: String) -> (held: Int64, waiting: Int) {
        state.withLock { $0.rules.load(of: productID) }
    }
}
