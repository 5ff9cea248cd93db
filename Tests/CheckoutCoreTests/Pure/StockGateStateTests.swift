import Testing
@testable import CheckoutCore

/// The stock gate's rules on a hand-moved clock, no I/O: probe, admit, wait, sold out, and what
/// reopens it.
@Suite struct StockGateStateTests {
    private var gate = StockGateState(lifetimeMilliseconds: 1_000)
    private var now = Timestamp(seconds: 1_000)

    private mutating func arrive(_ quantity: Int64 = 1, shop: String = "shop_1") -> StockGateState.Decision {
        gate.arrive(productID: "prod_1", shopID: shop, quantity: quantity, now: now).decision
    }

    private func ticket(_ decision: StockGateState.Decision) throws -> StockTicket {
        guard case .admit(let ticket) = decision else { throw GateTestError("expected admit, got \(decision)") }
        return ticket
    }

    private mutating func resolve(_ ticket: StockTicket, stock: Int64?) -> [StockGateState.Decision] {
        gate.resolve(ticket, reading: stock.map { .make(stock: $0) }, now: now).map(\.decision)
    }

    @Test mutating func anUnknownProductIsProbedByOneOrderWhileTheOthersWait() throws {
        let probe = try ticket(arrive())
        #expect(arrive() == .wait)
        #expect(arrive() == .wait)
        #expect(gate.load(of: "prod_1") == (held: 1, waiting: 2))
        // The probe committed leaving 1 unit: one waiter is admitted, the other waits for it.
        let woken = resolve(probe, stock: 1)
        #expect(woken.count == 1)
        let second = try ticket(woken[0])
        #expect(gate.load(of: "prod_1") == (held: 1, waiting: 1))
        // That one took the last unit: the last waiter is sold out, with the product as read.
        #expect(resolve(second, stock: 0) == [.soldOut(.make(stock: 0))])
        #expect(arrive() == .soldOut(.make(stock: 0)))
        #expect(gate.load(of: "prod_1") == (held: 0, waiting: 0))
    }

    @Test mutating func ordersAreAdmittedWhileStockIsNotHeld_ThenWaitThenSoldOut() throws {
        _ = resolve(try ticket(arrive()), stock: 3)
        let held = try (0..<3).map { _ in try ticket(arrive()) }
        #expect(arrive() == .wait, "3 units, 3 held")
        #expect(arrive(4) == .soldOut(.make(stock: 3)), "more than the committed stock: refused at once")
        #expect(resolve(held[0], stock: 2) == [], "still 2 held of 2")
        #expect(resolve(held[1], stock: 1) == [])
        #expect(resolve(held[2], stock: 0) == [.soldOut(.make(stock: 0))])
    }

    @Test mutating func aFailedOrderInFlightAdmitsTheNextWaiter() throws {
        _ = resolve(try ticket(arrive()), stock: 1)
        let inFlight = try ticket(arrive())
        #expect(arrive() == .wait)
        // Its placement failed without a reading (a 503, a rolled-back write): the unit is free again.
        let woken = resolve(inFlight, stock: nil)
        #expect(woken.count == 1)
        _ = try ticket(woken[0])
    }

    @Test mutating func readingsArriveOutOfOrder_TheLowestIsKept() throws {
        _ = resolve(try ticket(arrive()), stock: 5)
        let a = try ticket(arrive()), b = try ticket(arrive())
        _ = resolve(b, stock: 3)
        _ = resolve(a, stock: 4)   // committed before b, answered after it
        let admitted = try (0..<3).map { _ in try ticket(arrive()) }
        #expect(admitted.count == 3)
        #expect(arrive() == .wait)
    }

    @Test mutating func aRiseForgetsTheReadings_AndOldTicketsTeachNothing() throws {
        _ = resolve(try ticket(arrive()), stock: 1)
        let before = try ticket(arrive())
        #expect(arrive() == .wait)
        gate.stockMayHaveRisen()   // a restock, a cancellation or an expiry committed
        // The ticket from before the rise reports 0: not believed, so the waiter probes again.
        let woken = resolve(before, stock: 0)
        let probe = try ticket(woken.first ?? .wait)
        #expect(arrive() == .wait)
        #expect(resolve(probe, stock: 9).count == 1)
    }

    @Test mutating func soldOutReopensAfterARise() throws {
        _ = resolve(try ticket(arrive()), stock: 0)
        #expect(arrive() == .soldOut(.make(stock: 0)))
        gate.stockMayHaveRisen()
        _ = try ticket(arrive())
    }

    @Test mutating func aReadingIsTrustedForItsLifetimeOnly() throws {
        _ = resolve(try ticket(arrive()), stock: 0)
        now = now.adding(milliseconds: 1_000)
        #expect(arrive() == .soldOut(.make(stock: 0)))
        now = now.adding(milliseconds: 1)
        _ = try ticket(arrive())   // an operator's SQL may have restocked: probe again
    }

    @Test mutating func anotherShopsOrInactiveOrUnlimitedProductIsLeftToTheStore() throws {
        _ = resolve(try ticket(arrive()), stock: 0)
        _ = try ticket(arrive(shop: "shop_2"))   // the store answers 400 for the shop
        var inactive = StockGateState()
        let probe = try ticket(inactive.arrive(productID: "prod_1", shopID: "shop_1", quantity: 1, now: now).decision)
        _ = inactive.resolve(probe, reading: .make(stock: 0, active: false), now: now)
        _ = try ticket(inactive.arrive(productID: "prod_1", shopID: "shop_1", quantity: 1, now: now).decision)
        var unlimited = StockGateState()
        let first = try ticket(unlimited.arrive(productID: "prod_1", shopID: "shop_1", quantity: 5, now: now).decision)
        _ = unlimited.resolve(first, reading: .make(stock: nil), now: now)
        for _ in 0..<3 { _ = try ticket(unlimited.arrive(productID: "prod_1", shopID: "shop_1", quantity: 999, now: now).decision) }
    }

    @Test mutating func productsAreGatedApart() throws {
        _ = resolve(try ticket(arrive()), stock: 0)
        _ = try ticket(gate.arrive(productID: "prod_2", shopID: "shop_1", quantity: 1, now: now).decision)
    }
}

private struct GateTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
