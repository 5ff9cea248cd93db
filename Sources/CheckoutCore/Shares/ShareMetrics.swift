import CheckoutThreads

/// Counts of share clicks by what became of them, for `/metrics`.
public final class ShareMetrics: Sendable {
    /// What became of a request for `GET /s/{code}`.
    public enum Outcome: String, Sendable, CaseIterable {
        case counted
        /// Not counted: a repeat within the hour, a HEAD request, a crawler, rate limited, unknown code.
        case repeatClick = "repeat", head, crawler, rateLimited = "rate_limited", unknownCode = "unknown_code"
    }

    private let counts = Locked<[Outcome: Int]>([:])

    public init() {}

    public func record(_ outcome: Outcome) {
        counts.withLock { $0[outcome, default: 0] += 1 }
    }

    /// Every outcome with its count (zeros included), in declaration order.
    public var snapshot: [(outcome: Outcome, count: Int)] {
        let counts = self.counts.withLock { $0 }
        return Outcome.allCases.map { ($0, counts[$0] ?? 0) }
    }
}
