/// What applying one platform report did. Every outcome is acknowledged to the platform:
/// retries cannot change it.
public enum PaymentOutcome: String, Hashable, Sendable, CaseIterable {
    /// The order became paid.
    case paid
    /// Paid after cancellation or expiry: the payment is recorded and a full refund started.
    case paidAfterCancellation = "paid_after_cancellation"
    /// A refund succeeded.
    case refundSucceeded = "refund_succeeded"
    /// A refund closed or went abnormal.
    case refundFailed = "refund_failed"
    /// Already applied (the same notification or transaction again): nothing changed.
    case duplicate
    /// Recorded as an anomaly; nothing paid.
    case anomaly
    /// Nothing to act on (an unpaid state, an unknown event type, a refund still processing).
    case ignored
}
