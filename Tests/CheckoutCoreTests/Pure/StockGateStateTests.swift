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

    @Test mutating func anotherShopsOrInactiveOrUnlimitedProductPassesWithoutBookkeeping() throws {
        _ = resolve(try ticket(arrive()), stock: 0)
        #expect(arrive(shop: "shop_2") == .pass)   // the store answers 400 for the shop
        var inactive = StockGateState()
        let probe = try ticket(inactive.arrive(productID: "prod_1", shopID: "shop_1", quantity: 1, now: now).decision)
        _ = inactive.resolve(probe, reading: .make(stock: 0, active: false), now: now)
        #expect(inactive.arrive(productID: "prod_1", shopID: "shop_1", quantity: 1, now: now).decision == .pass)
        var unlimited = StockGateState()
        let first = try ticket(unlimited.arrive(productID: "prod_1", shopID: "shop_1", quantity: 5, now: now).decision)
        _ = unlimited.resolve(first, reading: .make(stock: nil), now: now)
        for _ in 0..<3 {
            #expect(unlimited.arrive(productID: "prod_1", shopID: "shop_1", quantity: 999, now: now).decision == .pass)
        }
        #expect(unlimited.load(of: "prod_1") == (held: 0, waiting: 0), "a pass holds nothing and is never resolved")
        // Past the reading's lifetime one order probes again (a change by SQL is learned), the rest wait.
        let later = now.adding(milliseconds: 1_001)
        let reprobe = try ticket(unlimited.arrive(productID: "prod_1", shopID: "shop_1", quantity: 1, now: later).decision)
        #expect(unlimited.arrive(productID: "prod_1", shopID: "shop_1", quantity: 1, now: later).decision == .wait)
        #expect(unlimited.resolve(reprobe, reading: .make(stock: nil), now: later).map(\.decision) == [.pass])
    }

    @Test mutating func aWaiterAskingMoreThanTheStockIsSoldOutWhileSmallerOnesWait() throws {
        _ = resolve(try ticket(arrive()), stock: 3)
        let held = try (0..<3).map { _ in try ticket(arrive()) }
        #expect(arrive(1) == .wait)
        #expect(arrive(3) == .wait, "3 <= 3 committed, all held")
        #expect(resolve(held[0], stock: 2) == [.soldOut(.make(stock: 2))], "3 > 2 now; the 1 still waits on 2 held")
        #expect(gate.load(of: "prod_1") == (held: 2, waiting: 1))
        #expect(resolve(held[1], stock: nil).count == 1, "a failed placement frees a unit for the waiting 1")
    }

    @Test mutating func aWaiterOfAnotherShopPassesOnceTheProbeHasRead() throws {
        let probe = try ticket(arrive())
        #expect(arrive(shop: "shop_2") == .wait)
        #expect(arrive() == .wait)
        #expect(resolve(probe, stock: 0) == [.pass, .soldOut(.make(stock: 0))])
    }

    /// A flash sale on the rules alone: 2,000 buyers, 100 units. Resolutions that can move nobody
    /// skip the scan of the waiters; the answers are the same as scanning.
    @Test mutating func aFlashSaleAdmitsExactlyTheStock_ThenRefusesEveryWaiterAtOnce() throws {
        var tickets = [try ticket(arrive())]
        for _ in 1..<2_000 { #expect(arrive() == .wait) }
        var committed: Int64 = 100, placed = 0, refused = 0
        while !tickets.isEmpty {
            let next = tickets.removeFirst()
            committed -= 1   // its placement commits one unit
            placed += 1
            for decision in resolve(next, stock: committed) {
                switch decision {
                case .admit(let admitted): tickets.append(admitted)
                case .soldOut(let product):
                    #expect(product.stock == 0)
                    refused += 1
                default: Issue.record("unexpected \(decision)")
                }
            }
        }
        #expect(placed == 100)
        #expect(committed == 0)
        #expect(refused == 1_900)
        #expect(gate.load(of: "prod_1") == (held: 0, waiting: 0))
        #expect(arrive() == .soldOut(.make(stock: 0)))
    }

    @Test mutating func productsAreGatedApart() throws {
        _ = resolve(try ticket(arrive()), stock: 0)
        _ = try ticket(gate.arrive(productID: "prod_2", shopID: "shop_1", quantity: 1, now: now).decision)
    }
}

struct GateTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
