/// What a commission is computed from, fixed at payment: each line's total and rate.
///
/// `amount(base:)` is the formula of docs/API.md "Sharer rewards", exact in integers:
/// floor(Σ `line_total` × rate × `base` / (`amount_total` × 10,000)).
public struct CommissionTerms: Hashable, Sendable {
    /// Σ over lines of `line_total` × the line's rate in basis points.
    public let weight: Int64
    /// The order's `amount_total` (Σ `line_total`).
    public let amountTotal: Int64

    /// - Returns: nil when the order is too large for the weight to fit 64 bits (no commission
    ///   can be computed exactly), or when a line or rate is negative.
    public init?(lines: [(lineTotal: Int64, rateBps: Int)], amountTotal: Int64) {
        var sum: Int128 = 0
        for line in lines {
            guard line.lineTotal >= 0, line.rateBps >= 0 else { return nil }
            sum += Int128(line.lineTotal) * Int128(line.rateBps)
        }
        guard let weight = Int64(exactly: sum), amountTotal >= 0 else { return nil }
        self.weight = weight
        self.amountTotal = amountTotal
    }

    /// Terms read back from storage.
    public init(weight: Int64, amountTotal: Int64) {
        self.weight = weight
        self.amountTotal = amountTotal
    }

    /// The terms of `order` with each line's rate: its product's `commission_bps`, else `shopRate`.
    public init?(order: Order, productRates: [String: Int], shopRate: Int) {
        self.init(lines: order.items.map { ($0.lineTotal, productRates[$0.productID] ?? shopRate) },
                  amountTotal: order.amountTotal)
    }

    /// The commission on `base` (the paid amount less refunds), rounded down; 0 for no base.
    public func amount(base: Int64) -> Int64 {
        guard base > 0, amountTotal > 0, weight > 0 else { return 0 }
        let numerator = Int128(weight) * Int128(base)
        let denominator = Int128(amountTotal) * 10_000
        return Int64(numerator / denominator)
    }

    /// The order's effective rate: weight / `amount_total`, rounded down (the rate itself when
    /// every line has the same one).
    public var effectiveRateBps: Int {
        amountTotal > 0 ? Int(weight / amountTotal) : 0
    }
}
