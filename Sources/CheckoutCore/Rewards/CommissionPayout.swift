/// A commission's profit-sharing split at the platform, encoded
/// `{out_order_no, attempt, amount, state, failure, updated_at}`.
///
/// `out_order_no` is derived from the commission id and the attempt, so repeating a request of
/// one attempt can never split twice; only a split the platform closed for good starts a new
/// attempt (a new `out_order_no`).
public struct CommissionPayout: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable {
        /// Requested (or about to be): its result is learnt by querying `out_order_no`.
        case processing
        case succeeded
        /// The platform closed the split, or refused it; a later pass starts a new attempt.
        case failed
    }

    public var outOrderNo: String
    public var attempt: Int
    /// What goes to the sharer: the commission netted against the sharer's adjustments.
    public var amount: Int64
    public var state: State
    /// The platform's reason or error code when it failed, or the last call's error while it runs.
    public var failure: String?
    /// Calls that failed in a row (they are retried with backoff).
    public var errors: Int
    public var updatedAt: Timestamp

    public init(outOrderNo: String, attempt: Int, amount: Int64, state: State, failure: String? = nil,
                errors: Int = 0, updatedAt: Timestamp) {
        self.outOrderNo = outOrderNo
        self.attempt = attempt
        self.amount = amount
        self.state = state
        self.failure = failure
        self.errors = errors
        self.updatedAt = updatedAt
    }

    /// The `out_order_no` of `attempt` (1-based) for `commissionID`: the id itself, then
    /// `<id>-<attempt>`; at most 64 characters of `[A-Za-z0-9_-]`.
    public static func outOrderNo(commissionID: String, attempt: Int) -> String {
        attempt <= 1 ? commissionID : "\(commissionID)-\(attempt)"
    }

    /// The `out_order_no` that releases the unsplit rest of order `orderID`'s funds.
    public static func releaseOrderNo(orderID: String) -> String { "\(orderID)-release" }

    /// What a split of `amount` pays when the sharer's adjustments stand at `adjustments`: the
    /// amount netted against them, never below zero.
    public static func splitAmount(amount: Int64, adjustments: Int64) -> Int64 {
        max(0, amount + adjustments)
    }

    enum CodingKeys: String, CodingKey {
        case attempt, amount, state, failure, errors
        case outOrderNo = "out_order_no"
        case updatedAt = "updated_at"
    }
}
