/// The money rules every `PaymentStore` applies inside its transaction: what a payment, a
/// report or a refund may do, decided here once from the rows the store read; the stores keep
/// only their SQL (and their locks).
public enum PaymentRules {
    /// The facts of an order the rules need.
    public struct OrderFacts: Sendable {
        public var shopID: String
        public var status: OrderStatus
        public var amountTotal: Int64
        public var currency: Currency

        public init(shopID: String, status: OrderStatus, amountTotal: Int64, currency: Currency) {
            self.shopID = shopID
            self.status = status
            self.amountTotal = amountTotal
            self.currency = currency
        }
    }

    /// What applying a transaction report does.
    public enum TransactionDecision: Sendable, Equatable {
        /// This payment, recorded before: nothing changes.
        case duplicate
        /// Only an anomaly of this kind is recorded.
        case anomaly(PaymentAnomaly.Kind)
        /// The payment is recorded and the pending order becomes paid.
        case pay
        /// The payment is recorded and refunded in full; the order stays cancelled (anomaly
        /// `paidAfterCancellation`).
        case refundAfterCancellation
        /// The payment is recorded, but the order was paid without it (anomaly `duplicatePayment`).
        case secondPayment
    }

    // MARK: Payments

    /// Checks that `userID` may pay `order` now.
    /// - Throws: `not_found` (no order, or another user's), `invalid_state` (not pending, expired).
    public static func payable(_ order: Order?, userID: String, now: Timestamp) throws(CheckoutError) -> Order {
        guard let order, order.userID == userID else { throw .notFound("No such order.") }
        guard order.status == .pendingPayment else {
            throw .invalidState("The order is \(order.status.rawValue); only a pending_payment order can be paid.")
        }
        guard order.expiresAt > now else { throw .invalidState("The order has expired.") }
        return order
    }

    /// The order's payment to continue with `provider`, or nil when a new one is to be made.
    /// - Throws: `invalid_state` when it is no longer pending or is with another provider.
    public static func continuable(_ existing: Payment?, provider: String) throws(CheckoutError) -> Payment? {
        guard let existing else { return nil }
        guard existing.status == .pending else { throw .invalidState("The order's payment is \(existing.status.rawValue).") }
        guard existing.provider == provider else {
            throw .invalidState("The order is already being paid with \(existing.provider).")
        }
        return existing
    }

    /// The transaction id of a report of money received; nil when the report is not one (ignored).
    /// - Throws: `invalid_request` for a paid report without its transaction id.
    public static func paidTransactionID(_ tx: ProviderTransaction) throws(CheckoutError) -> String? {
        guard tx.state.wasPaid else { return nil }
        guard let id = tx.transactionID, !id.isEmpty else {
            throw .invalidRequest("A paid transaction must carry its transaction_id.")
        }
        return id
    }

    /// What a paid report `tx` (transaction `transactionID`, through `provider`) does to `order`
    /// and its `existing` payment row.
    public static func decide(_ tx: ProviderTransaction, transactionID: String, provider: String, order: OrderFacts?,
                              existing: Payment?) -> TransactionDecision {
        guard let order else { return .anomaly(.unknownOrder) }
        guard tx.isForThisMerchant else { return .anomaly(.merchantMismatch) }
        guard tx.amount == order.amountTotal, tx.currency.uppercased() == order.currency.code else {
            return .anomaly(.amountMismatch)
        }
        if let existing, existing.status == .succeeded {
            return existing.transactionID == transactionID && existing.provider == provider ? .duplicate
                : .anomaly(.duplicatePayment)
        }
        switch order.status {
        case .pendingPayment: return .pay
        case .cancelled: return .refundAfterCancellation
        default: return .secondPayment
        }
    }

    // MARK: Refunds

    /// The payment of `order` that a refund for `shopID` may draw on.
    /// - Throws: `not_found`; `invalid_state` unless paid, fulfilled or partially refunded with a
    ///   received payment.
    public static func refundable(_ order: OrderFacts?, shopID: String,
                                  payment: () throws -> Payment?) throws -> Payment {
        guard let order, order.shopID == shopID else { throw CheckoutError.notFound("No such order.") }
        guard [.paid, .fulfilled, .partiallyRefunded].contains(order.status) else {
            throw CheckoutError.invalidState("The order is \(order.status.rawValue); only paid orders can be refunded.")
        }
        guard let payment = try payment(), payment.status == .succeeded else {
            throw CheckoutError.invalidState("The order has no received payment to refund.")
        }
        return payment
    }

    /// The amount of a new refund of `payment`: `requested`, or what is left when nil.
    /// - Parameter committed: pending and succeeded refunds of the payment so far.
    /// - Throws: `invalid_request` (`amount`) below 1 or beyond what is left.
    public static func refundAmount(_ requested: Int64?, payment: Payment, committed: Int64) throws(CheckoutError) -> Int64 {
        let remaining = payment.amount - committed
        let value = requested ?? remaining
        guard value >= 1 else {
            throw .invalidRequest(remaining <= 0 ? "Nothing is left to refund on this order." : "amount must be at least 1.",
                                  param: "amount")
        }
        guard value <= remaining else {
            throw .invalidRequest("amount exceeds what is left to refund (\(remaining) of \(payment.amount) \(payment.currency)).",
                                  param: "amount")
        }
        return value
    }

    /// How a refund report settles its refund; nil while the platform is still processing it.
    public static func settlement(_ state: ProviderRefund.State) -> Refund.Status? {
        switch state {
        case .succeeded: .succeeded
        case .closed, .abnormal: .failed
        case .processing, .other: nil
        }
    }

    /// The status of an order whose payment of `paid` has `refunded` back in succeeded refunds.
    public static func statusAfterRefunds(paid: Int64, refunded: Int64) -> OrderStatus {
        refunded >= paid ? .refunded : .partiallyRefunded
    }
}

extension PaymentApplication {
    /// The application of a refund that succeeded at `at`, with its amount for live streams.
    public static func refundSucceeded(_ refund: Refund, at: Timestamp) -> PaymentApplication {
        var application = PaymentApplication(outcome: .refundSucceeded, orderID: refund.orderID)
        application.refunded = (refund.amount, at)
        return application
    }
}
