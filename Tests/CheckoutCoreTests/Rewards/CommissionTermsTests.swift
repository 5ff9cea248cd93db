import Testing
@testable import CheckoutCore

@Suite struct CommissionTermsTests {
    @Test func oneLineIsFloorOfBaseTimesRate() throws {
        let terms = try #require(CommissionTerms(lines: [(10_000, 1000)], amountTotal: 10_000))
        #expect(terms.amount(base: 10_000) == 1000)
        #expect(terms.amount(base: 6667) == 666)
        #expect(terms.amount(base: 9) == 0)
        #expect(terms.amount(base: 0) == 0)
        #expect(terms.effectiveRateBps == 1000)
    }

    @Test func linesWeighTheirOwnRates() throws {
        // 3000 at 20 % and 7000 at 5 %: 600 + 350 = 950 on the whole; half the base earns 475.
        let terms = try #require(CommissionTerms(lines: [(3000, 2000), (7000, 500)], amountTotal: 10_000))
        #expect(terms.amount(base: 10_000) == 950)
        #expect(terms.amount(base: 5000) == 475)
        #expect(terms.amount(base: 3333) == 316)  // 9_500_000 × 3333 / 100_000_000 = 316.635
        #expect(terms.effectiveRateBps == 950)
    }

    @Test func hugeOrdersStayExactAndNegativeInputsEarnNothing() throws {
        let big: Int64 = 3_000_000_000_000_000  // 3 × 10^15 fen: weight 9 × 10^18 still fits
        let terms = try #require(CommissionTerms(lines: [(big, 3000)], amountTotal: big))
        #expect(terms.amount(base: big) == 900_000_000_000_000)
        #expect(terms.amount(base: big - 1) == 899_999_999_999_999)
        #expect(CommissionTerms(lines: [(big * 3, 3000)], amountTotal: big * 3) == nil)
        #expect(CommissionTerms(lines: [(-1, 100)], amountTotal: 1) == nil)
    }

    /// The formula against an independent full-width computation, on seeded random orders.
    @Test(arguments: [UInt64(1), 42, 2026])
    func formulaMatchesAFullWidthReference(seed: UInt64) throws {
        var rng = XorShift(seed: seed)
        for _ in 0..<2000 {
            let lines = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
                (lineTotal: Int64.random(in: 0...5_000_000, using: &rng), rateBps: Int.random(in: 0...3000, using: &rng))
            }
            let total = lines.reduce(0) { $0 + $1.lineTotal }
            let terms = try #require(CommissionTerms(lines: lines, amountTotal: total))
            var previous: Int64 = 0
            for base in [0, total / 3, total / 2, total - 1, total].filter({ $0 >= 0 }).sorted() {
                let amount = terms.amount(base: base)
                #expect(amount == Self.reference(lines, total: total, base: base))
                #expect(amount >= previous)
                #expect(amount * 10_000 <= base * 3000)
                previous = amount
            }
        }
    }

    /// floor(Σ lt·r · base / (total · 10^4)) with UInt64 full-width multiply and divide.
    static func reference(_ lines: [(lineTotal: Int64, rateBps: Int)], total: Int64, base: Int64) -> Int64 {
        guard total > 0, base > 0 else { return 0 }
        let weight = lines.reduce(UInt64(0)) { $0 + UInt64($1.lineTotal) * UInt64($1.rateBps) }
        let wide = weight.multipliedFullWidth(by: UInt64(base))
        let divisor = UInt64(total) * 10_000
        guard wide.high < divisor else { return Int64.max }
        return Int64(divisor.dividingFullWidth(wide).quotient)
    }
}

/// A seeded xorshift64* generator, so failing cases replay.
struct XorShift: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x2545_F491_4F6C_DD1D : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
