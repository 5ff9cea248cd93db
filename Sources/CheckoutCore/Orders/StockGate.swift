import CheckoutThreads

/// The in-process stock gate in front of a store's single writer (docs/006-stock-gate.md): an
/// order for one product whose stock is all held by orders in flight waits here instead of in
/// the writer's queue, and one for a product sold out in the committed state is refused without
/// a placement. It only saves work: the store's guarded decrement stays the authority.
///
/// A buyer hands the gate what to do once it is decided (`then`), so a waiter's next step (its
/// write job, or its refusal) starts on the thread of the placement that woke it, right after
/// that placement's COMMIT, not when the buyer's task gets a thread again behind newer requests.
public final class StockGate: Sendable {
    /// What a buyer does once decided: called exactly once, never under the gate's lock.
    public typealias Then = @Sendable (StockGateState.Decision) -> Void

    private struct State {
        var rules: StockGateState
        var waiting: [UInt64: Then] = [:]
        /// Wake-ups decided and not yet delivered, and whether a thread is delivering them.
        var outbox: [(Then, StockGateState.Decision)] = []
        var delivering = false
    }

    private let state: Locked<State>
    private let clock: any Clock

    /// - Parameter lifetimeMilliseconds: how long a reading of a product's stock is trusted.
    public init(clock: any Clock = SystemClock(), lifetimeMilliseconds: Int64 = 1_000) {
        self.clock = clock
        state = Locked(State(rules: StockGateState(lifetimeMilliseconds: lifetimeMilliseconds)))
    }

    /// Decides an order for `quantity` of `productID`: `then` gets `admit` (take a writer slot,
    /// then call `resolve` with its ticket exactly once), `pass` or `soldOut`, at once on this
    /// thread, or, when the order has to wait, later on the thread of the `resolve` that decides it.
    public func enter(productID: String, shopID: String, quantity: Int64, then: @escaping Then) {
        let decided = state.withLock { state -> StockGateState.Decision? in
            let arrival = state.rules.arrive(productID: productID, shopID: shopID, quantity: quantity,
                                             now: clock.now())
            guard arrival.decision == .wait else { return arrival.decision }
            state.waiting[arrival.id] = then
            return nil
        }
        if let decided { then(decided) }
    }

    /// The placement admitted with `ticket` ended; `reading` as for `StockGateState.resolve`.
    /// The waiters it decides are handed their decision before this returns, unless another
    /// thread is delivering wake-ups: then that thread delivers them too (a waiter admitted here
    /// whose write fails at once resolves again, and wake-ups never nest on one stack).
    public func resolve(_ ticket: StockTicket, reading: Product?) {
        let delivers = state.withLock { state -> Bool in
            for waiter in state.rules.resolve(ticket, reading: reading, now: clock.now()) {
                guard let then = state.waiting.removeValue(forKey: waiter.id) else { continue }
                state.outbox.append((then, waiter.decision))
            }
            guard !state.delivering, !state.outbox.isEmpty else { return false }
            state.delivering = true
            return true
        }
        guard delivers else { return }
        while let wakeUps = takeOutbox() {
            for (then, decision) in wakeUps { then(decision) }
        }
    }

    /// The undelivered wake-ups, or nil (no longer delivering) when there are none.
    private func takeOutbox() -> [(Then, StockGateState.Decision)]? {
        state.withLock { state in
            guard !state.outbox.isEmpty else {
                state.delivering = false
                return nil
            }
            defer { state.outbox = [] }
            return state.outbox
        }
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
