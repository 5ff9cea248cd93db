import CheckoutThreads
import Testing
@testable import CheckoutCore

/// The stock gate's hand-off on a hand-moved clock, no I/O: a decision reaches its buyer's
/// `then` on the thread that made it, before `enter` or the waking `resolve` returns (so a
/// waiter's write starts from the wake-up, not when its task runs again), exactly once, and
/// wake-ups never nest on one stack.
@Suite struct StockGateTests {
    private let gate = StockGate(clock: ManualClock())
    /// Every decision handed to a buyer, in order: (buyer, decision).
    private let handed = Shared<[(Int, StockGateState.Decision)]>([])

    private func enter(_ buyer: Int, quantity: Int64 = 1,
                       then: @escaping @Sendable (StockGateState.Decision) -> Void = { _ in }) {
        gate.enter(productID: "prod_1", shopID: "shop_1", quantity: quantity) { [handed] decision in
            handed.value.withLock { $0.append((buyer, decision)) }
            then(decision)
        }
    }

    private var decisions: [(Int, StockGateState.Decision)] { handed.value.withLock { $0 } }

    private func ticket(_ buyer: Int) throws -> StockTicket {
        guard case .admit(let ticket)? = decisions.last(where: { $0.0 == buyer })?.1 else {
            throw GateTestError("buyer \(buyer) was not admitted: \(decisions)")
        }
        return ticket
    }

    @Test func aDecisionOnArrivalIsHandedOverBeforeEnterReturns() throws {
        enter(1)
        #expect(decisions.count == 1, "the probe is admitted at once")
        gate.resolve(try ticket(1), reading: .make(stock: 0))
        enter(2)
        #expect(decisions.map(\.0) == [1, 2])
        #expect(decisions.last?.1 == .soldOut(.make(stock: 0)))
    }

    @Test func aWaiterIsHandedItsAdmissionByTheResolveThatWakesIt() throws {
        enter(1)
        enter(2)
        enter(3)
        #expect(decisions.map(\.0) == [1], "two wait for the probe")
        gate.resolve(try ticket(1), reading: .make(stock: 5))
        // No await between: the waiters' next steps already started on this thread.
        #expect(decisions.map(\.0) == [1, 2, 3])
        #expect(gate.load(of: "prod_1") == (held: 2, waiting: 0))
        gate.resolve(try ticket(2), reading: .make(stock: 4))
        gate.resolve(try ticket(3), reading: .make(stock: 3))
        #expect(gate.load(of: "prod_1") == (held: 0, waiting: 0))
    }

    @Test func waitersAreHandedSoldOutOnceTheHoldersCommittedTheLastUnits() throws {
        enter(1)
        gate.resolve(try ticket(1), reading: .make(stock: 2))
        enter(2)
        enter(3)
        for buyer in 4...50 { enter(buyer) }
        #expect(decisions.count == 3)
        gate.resolve(try ticket(2), reading: .make(stock: 1))
        #expect(decisions.count == 3, "one unit still held, nobody moves")
        gate.resolve(try ticket(3), reading: .make(stock: 0))
        #expect(decisions.count == 50)
        #expect(decisions.suffix(47).allSatisfy { $0.1 == .soldOut(.make(stock: 0)) })
        #expect(decisions.suffix(47).map(\.0) == Array(4...50), "oldest first, each once")
    }

    /// Every admitted placement fails at once inside its buyer's step (a full writer queue
    /// answers synchronously), resolving without a reading: each failure admits the next
    /// waiter. Delivered recursively, 2,000 waiters would nest 2,000 deep (and more would overflow the
    /// stack); the gate hands them over one after another instead.
    @Test func wakeUpsFromAResolveInsideABuyersStepAreDeliveredIterativelyNotNested() throws {
        let depth = Shared((now: 0, deepest: 0))
        let failAtOnce: @Sendable (StockGateState.Decision) -> Void = { [gate] decision in
            guard case .admit(let ticket) = decision else { return }
            depth.value.withLock { $0.now += 1; $0.deepest = max($0.deepest, $0.now) }
            gate.resolve(ticket, reading: nil)
            depth.value.withLock { $0.now -= 1 }
        }
        enter(0)
        for buyer in 1...2_000 { enter(buyer, then: failAtOnce) }
        #expect(decisions.count == 1)
        gate.resolve(try ticket(0), reading: nil)
        #expect(decisions.count == 2_001, "every waiter probed in turn")
        #expect(decisions.map(\.0) == Array(0...2_000))
        #expect(depth.value.withLock { $0.deepest } == 1)
        #expect(gate.load(of: "prod_1") == (held: 0, waiting: 0))
    }
}

/// A lock shared by closures and the test.
private final class Shared<Value: Sendable>: Sendable {
    let value: Locked<Value>
    init(_ value: Value) { self.value = Locked(value) }
}
