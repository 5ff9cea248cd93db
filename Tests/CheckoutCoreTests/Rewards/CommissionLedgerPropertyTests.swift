import Testing
@testable import CheckoutCore

/// Random event sequences over a sharer's commissions: whatever the order of payments,
/// fulfilments, clock moves, refunds, failed refunds and payouts, the ledger adds up.
@Suite struct CommissionLedgerPropertyTests {
    @Test(arguments: [UInt64(7), 99, 31_337, 2_026_112])
    func theLedgerAlwaysAddsUp(seed: UInt64) throws {
        var rng = XorShift(seed: seed)
        let clock = ManualClock()
        var commissions: [Commission] = []
        var entries: [CommissionEntry] = []
        var splits: Int64 = 0
        for step in 0..<600 {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0:
                let lines = (0..<Int.random(in: 1...3, using: &rng)).map { i in
                    ("prod_\(i)", Int64.random(in: 1...50_000, using: &rng))
                }
                let program = RewardProgram(enabled: true, rateBps: Int.random(in: 0...3000, using: &rng))
                let order = Order.makeCredited(id: "ord_\(step)", lines: lines, at: clock.now())
                if let (c, made) = Commission.make(order, program: program,
                                                   productRates: ["prod_1": Int.random(in: 0...3000, using: &rng)],
                                                   at: clock.now()) {
                    commissions.append(c)
                    entries += made
                }
            case 1 where !commissions.isEmpty:
                let i = Int.random(in: commissions.indices, using: &rng)
                entries += commissions[i].fulfil(at: clock.now(), freezeSeconds: Int64.random(in: 0...3, using: &rng) * 86_400,
                                                 now: clock.now())
            case 2:
                clock.advance(seconds: Int64.random(in: 0...200_000, using: &rng))
                for i in commissions.indices { entries += commissions[i].release(now: clock.now()) }
            case 3 where !commissions.isEmpty:
                let i = Int.random(in: commissions.indices, using: &rng)
                let base = Int64.random(in: 0...commissions[i].paidAmount, using: &rng)
                entries += commissions[i].rebase(base, now: clock.now())
            case 4 where !commissions.isEmpty:
                let i = Int.random(in: commissions.indices, using: &rng)
                guard commissions[i].status == .available else { break }
                let split = CommissionPayout.splitAmount(amount: commissions[i].amount,
                                                         adjustments: CommissionBalance(entries: entries).adjustments)
                entries += commissions[i].settlePayout(split: split, at: clock.now())
                splits += split
            default:
                break
            }
            try Self.checkInvariants(commissions, entries, splits: splits)
        }
    }

    static func checkInvariants(_ commissions: [Commission], _ entries: [CommissionEntry], splits: Int64) throws {
        let balance = CommissionBalance(entries: entries)
        #expect(balance.total == entries.reduce(0) { $0 + $1.amount })
        #expect(balance.total == commissions.reduce(0) { $0 + $1.amount })
        #expect(balance.paidOut == splits)
        #expect(balance.paidOut >= 0)
        for status in [CommissionStatus.pending, .frozen, .available] {
            #expect(balance[status.bucket!] == commissions.filter { $0.status == status }.reduce(0) { $0 + $1.amount })
        }
        for c in commissions {
            #expect(entries.filter { $0.commissionID == c.id }.reduce(0) { $0 + $1.amount } == c.amount)
            #expect(c.amount == c.terms.amount(base: c.base))
            #expect(c.status != .cancelled || c.amount == 0)
        }
    }
}
