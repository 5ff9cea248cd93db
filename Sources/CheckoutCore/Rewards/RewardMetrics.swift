import CheckoutThreads

/// Counters of commission payouts, for `/metrics` (`checkout_reward_events_total{event=…}`).
public final class RewardMetrics: Sendable {
    public enum Event: String, Hashable, Sendable, CaseIterable {
        /// Frozen commissions that became available.
        case released
        case payoutStarted = "payout_started"
        case payoutSucceeded = "payout_succeeded"
        /// The platform closed a split (a new attempt follows).
        case payoutFailed = "payout_failed"
        /// A profit-sharing call that failed (retried with backoff).
        case callFailed = "call_failed"
        case fundsReleased = "funds_released"
    }

    private let counts = Locked<[Event: Int]>([:])

    public init() {}

    public func record(_ event: Event, count: Int = 1) {
        counts.withLock { $0[event, default: 0] += count }
    }

    public func count(_ event: Event) -> Int { counts.withLock { $0[event] ?? 0 } }

    /// Every counter by name, zeros included.
    public func snapshot() -> [String: Int] {
        let current = counts.withLock { $0 }
        return Dictionary(uniqueKeysWithValues: Event.allCases.map { ($0.rawValue, current[$0] ?? 0) })
    }
}
