import CheckoutThreads

/// Counters of payment traffic by outcome, for `/metrics` (payments by outcome, anomalies).
/// Cheap enough for every notification: one short lock per count.
public final class PaymentMetrics: Sendable {
    /// What is counted besides `PaymentOutcome`s.
    public enum Event: String, Hashable, Sendable, CaseIterable {
        /// A callback request that failed verification or decryption (nothing applied).
        case notificationRejected = "notification_rejected"
        case prepayCreated = "prepay_created"
        case prepayFailed = "prepay_failed"
        case refundCreated = "refund_created"
        /// A refund submission the platform did not take (retried later, or failed).
        case refundSubmitFailed = "refund_submit_failed"
        case closed
        case reconciled
    }

    private let counts = Locked<[String: Int]>([:])

    public init() {}

    /// Counts an applied report.
    public func record(_ outcome: PaymentOutcome) {
        add(outcome.rawValue)
    }

    public func record(_ event: Event) {
        add(event.rawValue)
    }

    /// Every counter by name (outcomes and events), zeros included, for an exporter.
    public func snapshot() -> [String: Int] {
        let current = counts.withLock { $0 }
        var all = [String: Int]()
        for outcome in PaymentOutcome.allCases { all[outcome.rawValue] = current[outcome.rawValue] ?? 0 }
        for event in Event.allCases { all[event.rawValue] = current[event.rawValue] ?? 0 }
        return all
    }

    public func count(_ outcome: PaymentOutcome) -> Int { counts.withLock { $0[outcome.rawValue] ?? 0 } }

    public func count(_ event: Event) -> Int { counts.withLock { $0[event.rawValue] ?? 0 } }

    private func add(_ name: String) {
        counts.withLock { $0[name, default: 0] += 1 }
    }
}
