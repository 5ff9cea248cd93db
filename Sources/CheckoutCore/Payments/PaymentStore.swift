/// Storage of payments, refunds, the notification audit and anomalies. Every method that
/// changes money runs as ONE transaction; none of them talks to a platform.
public protocol PaymentStore: Sendable {
    /// Checks that order `orderID` is `userID`'s, `pending_payment` and not past `expires_at`,
    /// and returns it with its pending payment at `provider`, created as `newID` if none.
    /// - Throws: `not_found`; `invalid_state` when the order cannot be paid or already has a
    ///   payment of another provider or state.
    func beginPayment(orderID: String, userID: String, provider: String, newID: String,
                      now: Timestamp) async throws -> (order: Order, payment: Payment)
    /// Records the platform's prepay id (the payment shows on the order from then on) and, with
    /// a `commit`, the key's answer `creation` in the same transaction.
    func recordPrepay(paymentID: String, prepayID: String, now: Timestamp, creation: PaymentCreation,
                      commit: IdempotentCommit<PaymentCreation>?) async throws -> IdempotentOutcome<PaymentCreation>

    /// Stores the verified notification for the audit and applies its event exactly once.
    func apply(_ notification: PaymentNotification, now: Timestamp, ids: any IDGenerator) async throws -> PaymentApplication
    /// Applies a transaction learnt by querying the platform, exactly as a notification would.
    func apply(transaction: ProviderTransaction, provider: String, now: Timestamp,
               ids: any IDGenerator) async throws -> PaymentApplication

    /// Creates a pending refund of a paid order of `shopID`; `amount` nil refunds what is left.
    /// With a `commit`, the refund and the key's answer commit in one transaction.
    /// - Throws (or, with a commit, answers): `not_found`; `invalid_state` unless paid, fulfilled
    ///   or partially refunded; `invalid_request` (`amount`) beyond the paid amount less pending
    ///   and succeeded refunds.
    func createRefund(orderID: String, shopID: String, amount: Int64?, reason: String?, newID: String,
                      now: Timestamp, commit: IdempotentCommit<Refund>?) async throws -> IdempotentOutcome<Refund>
    /// The refund and what submitting it needs.
    func refundSubmission(refundID: String) async throws -> (refund: Refund, payment: Payment)?
    /// Records the platform's answer to a refund submission (it may already settle it).
    func recordRefundAnswer(_ answer: ProviderRefund, now: Timestamp, ids: any IDGenerator) async throws -> PaymentApplication
    /// The platform refused the refund for good: it fails and no longer counts.
    func recordRefundRejected(refundID: String, code: String?, now: Timestamp) async throws
    /// A submission that got no answer: retried after `updatedAt` ages.
    func touchRefund(refundID: String, now: Timestamp) async throws

    func markPaymentClosed(paymentID: String, now: Timestamp) async throws
    func markPaymentChecked(paymentID: String, now: Timestamp) async throws

    func payment(orderID: String) async throws -> Payment?
    func refund(id: String) async throws -> Refund?
    // Claims: with several replicas on one database each of these is taken by ONE of them. The
    // claiming statement stamps the rows with `now` (skipping rows another replica is claiming
    // right now), so another replica passes them over until the stamp is older than its bound:
    // the stamp is a lease, and a replica that dies holding it only delays the row.

    /// Claims pending payments of pending orders whose `expires_at` is at or before `now` and
    /// that no closing has claimed since `claimedBefore`, stamping `updated_at = now` (a payment
    /// last touched before its order's expiry is unclaimed; `checked_at` stays reconciliation's).
    func paymentsDueForClosing(now: Timestamp, claimedBefore: Timestamp, limit: Int) async throws -> [Payment]
    /// Claims pending payments created at or before `createdBefore` whose `checked_at` is unset or
    /// at or before `checkedBefore`, stamping `checked_at = now`; with their order's status.
    func paymentsToReconcile(createdBefore: Timestamp, checkedBefore: Timestamp, now: Timestamp,
                             limit: Int) async throws -> [(payment: Payment, orderStatus: OrderStatus)]
    /// Claims pending refunds whose `updated_at` is at or before `updatedBefore`, stamping
    /// `updated_at = now`; their ids.
    func refundsToSubmit(updatedBefore: Timestamp, now: Timestamp, limit: Int) async throws -> [String]
    /// The shop's anomalies, newest first.
    func anomalies(shopID: String, page: PageRequest) async throws -> Page<PaymentAnomaly>
    /// How many anomalies are stored of each kind (for `/metrics`); kinds with none are absent.
    func anomalyCountsByKind() async throws -> [PaymentAnomaly.Kind: Int]
}

/// What applying a report did, and the follow-up it needs outside the transaction.
public struct PaymentApplication: Sendable {
    public var outcome: PaymentOutcome
    public var orderID: String?
    /// A refund created by this application that must now be submitted to the provider.
    public var refundToSubmit: String?
    /// For `refund_succeeded`: the amount that succeeded and when.
    public var refunded: (amount: Int64, at: Timestamp)?

    public init(outcome: PaymentOutcome, orderID: String? = nil, refundToSubmit: String? = nil) {
        self.outcome = outcome
        self.orderID = orderID
        self.refundToSubmit = refundToSubmit
    }
}
