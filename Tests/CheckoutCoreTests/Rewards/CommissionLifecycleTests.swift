import Testing
@testable import CheckoutCore

/// The lifecycle on an injected clock, with no I/O: each event's entries, and Σ entries ==
/// amount after every step.
@Suite struct CommissionLifecycleTests {
    let clock = ManualClock()
    static let day: Int64 = 86_400

    @Test func paidFrozenAvailablePaidOut() throws {
        var (c, entries) = try #require(Commission.make(at: clock.now()))
        #expect(c.status == .pending && c.amount == 1000 && c.base == 10_000 && c.rateBps == 1000)
        #expect(CommissionBalance(entries: entries) == CommissionBalance(pending: 1000))

        clock.advance(seconds: 3600)
        entries += c.fulfil(at: clock.now(), freezeSeconds: 7 * Self.day, now: clock.now())
        #expect(c.status == .frozen)
        #expect(c.availableAt == clock.now().adding(seconds: 7 * Self.day))
        #expect(CommissionBalance(entries: entries) == CommissionBalance(frozen: 1000))

        clock.advance(seconds: 7 * Self.day - 1)
        #expect(c.release(now: clock.now()).isEmpty)
        #expect(c.status == .frozen)
        clock.advance(seconds: 1)
        entries += c.release(now: clock.now())
        #expect(c.status == .available)
        #expect(CommissionBalance(entries: entries) == CommissionBalance(available: 1000))

        entries += c.settlePayout(split: 1000, at: clock.now())
        #expect(c.status == .paidOut && c.paidOutAt == clock.now())
        #expect(CommissionBalance(entries: entries) == CommissionBalance(paidOut: 1000))
        #expect(c.settlePayout(split: 1000, at: clock.now()).isEmpty)
    }

    @Test func freezeZeroMakesItAvailableAtFulfilment() throws {
        var (c, _) = try #require(Commission.make(at: clock.now()))
        let entries = c.fulfil(at: clock.now(), freezeSeconds: 0, now: clock.now())
        #expect(c.status == .available)
        #expect(entries.reduce(0) { $0 + $1.amount } == 0)
        #expect(c.fulfil(at: clock.now(), freezeSeconds: 0, now: clock.now()).isEmpty)
    }

    @Test func nothingIsEarnedOffUncreditedSelfSharedOrRoundedToZero() {
        let now = clock.now()
        #expect(Commission.make(program: RewardProgram(enabled: false, rateBps: 1000), at: now) == nil)
        #expect(Commission.make(sharer: "usr_buyer", at: now) == nil)
        #expect(Commission.make(.makeCredited(lines: [("prod_1", 9)]), at: now) == nil)
        #expect(Commission.earn(.init(id: "cm_1", order: .makeCredited(), sharer: nil,
                                      program: RewardProgram(enabled: true, rateBps: 1000), productRates: [:],
                                      paidAmount: 10_000, now: now)) == nil)
    }

    @Test func aProductOverrideBeatsTheShopRate() throws {
        let order = Order.makeCredited(lines: [("prod_1", 10_000), ("prod_2", 10_000)])
        let (c, _) = try #require(Commission.make(order, productRates: ["prod_2": 3000], at: clock.now()))
        #expect(c.amount == 4000)  // 1000 at the shop's 10 % + 3000 at the product's 30 %
        #expect(c.rateBps == 2000)
        #expect(Commission.make(order, productRates: ["prod_1": 0, "prod_2": 0], at: clock.now()) == nil)
    }

    /// Partial and full refunds at every stage before payout move money in that stage's bucket.
    @Test(arguments: [CommissionStatus.pending, .frozen, .available])
    func refundsBeforePayoutRecomputeInPlace(stage: CommissionStatus) throws {
        var (c, entries) = try #require(Commission.make(at: clock.now()))
        if stage != .pending { entries += c.fulfil(at: clock.now(), freezeSeconds: stage == .frozen ? Self.day : 0, now: clock.now()) }
        #expect(c.status == stage)
        entries += c.rebase(6667, now: clock.now())
        #expect(c.amount == 666 && c.status == stage)
        #expect(CommissionBalance(entries: entries)[stage.bucket!] == 666)
        entries += c.rebase(0, now: clock.now())
        #expect(c.status == .cancelled && c.amount == 0)
        #expect(CommissionBalance(entries: entries) == CommissionBalance())
        #expect(c.settlePayout(split: 0, at: clock.now()).isEmpty)
    }

    @Test func aRefundAfterPayoutIsANegativeAdjustment() throws {
        var (c, entries) = try #require(Commission.make(at: clock.now()))
        entries += c.fulfil(at: clock.now(), freezeSeconds: 0, now: clock.now())
        entries += c.settlePayout(split: 1000, at: clock.now())
        entries += c.rebase(2500, now: clock.now())
        #expect(c.status == .paidOut && c.amount == 250 && c.adjustment == -750)
        #expect(CommissionBalance(entries: entries) == CommissionBalance(paidOut: 1000, adjustments: -750))
        entries += c.rebase(0, now: clock.now())
        #expect(c.status == .paidOut && c.amount == 0 && c.adjustment == -1000)
        #expect(CommissionBalance(entries: entries).total == 0)
    }

    @Test func aFailedRefundRevivesACancelledCommission() throws {
        var (c, entries) = try #require(Commission.make(at: clock.now()))
        entries += c.fulfil(at: clock.now(), freezeSeconds: Self.day, now: clock.now())
        entries += c.rebase(0, now: clock.now())
        #expect(c.status == .cancelled)
        clock.advance(seconds: 2 * Self.day)
        entries += c.rebase(10_000, now: clock.now())
        #expect(c.status == .available && c.amount == 1000)
        #expect(CommissionBalance(entries: entries) == CommissionBalance(available: 1000))
    }

    @Test func aSplitNetsAdjustmentsAndWhatARefundTookWhileItRan() throws {
        #expect(CommissionPayout.splitAmount(amount: 100, adjustments: -30) == 70)
        #expect(CommissionPayout.splitAmount(amount: 100, adjustments: -150) == 0)
        #expect(CommissionPayout.splitAmount(amount: 100, adjustments: 0) == 100)
        var (c, entries) = try #require(Commission.make(at: clock.now()))
        entries += c.fulfil(at: clock.now(), freezeSeconds: 0, now: clock.now())
        entries += c.rebase(5000, now: clock.now())  // the split of 1000 was already requested
        entries += c.settlePayout(split: 1000, at: clock.now())
        #expect(CommissionBalance(entries: entries) == CommissionBalance(paidOut: 1000, adjustments: -500))
        #expect(entries.reduce(0) { $0 + $1.amount } == c.amount)
    }

    @Test func outOrderNumbersDeriveFromTheCommission() {
        #expect(CommissionPayout.outOrderNo(commissionID: "cm_X", attempt: 1) == "cm_X")
        #expect(CommissionPayout.outOrderNo(commissionID: "cm_X", attempt: 3) == "cm_X-3")
        #expect(CommissionPayout.releaseOrderNo(orderID: "ord_Y") == "ord_Y-release")
    }
}
