/// A payment as the platform reports it (a `TRANSACTION.*` notification or an order query).
public struct ProviderTransaction: Sendable, Hashable {
    /// The platform's trade state, reduced to what the domain acts on.
    public enum State: Sendable, Hashable {
        /// Paid (`SUCCESS`).
        case paid
        /// Paid, then refunded at the platform (`REFUND`): it was paid all the same.
        case refunded
        /// Not paid yet (`NOTPAY`, `USERPAYING`).
        case unpaid
        /// Can no longer be paid (`CLOSED`, `REVOKED`, `PAYERROR`).
        case closed
        /// Anything else, kept for the audit.
        case other(String)

        /// Whether money moved: the order must be settled as paid.
        public var wasPaid: Bool { self == .paid || self == .refunded }
    }

    /// Our order id.
    public var outTradeNo: String
    /// The platform's payment id; nil before payment.
    public var transactionID: String?
    public var state: State
    /// The order total the platform charged, in minor units.
    public var amount: Int64
    public var currency: String
    /// When it was paid, if it was.
    public var paidAt: Timestamp?
    public var payerOpenID: String?
    /// False when the app id or merchant id is not ours (an anomaly, never a payment).
    public var isForThisMerchant: Bool

    public init(outTradeNo: String, transactionID: String?, state: State, amount: Int64, currency: String = "CNY",
                paidAt: Timestamp? = nil, payerOpenID: String? = nil, isForThisMerchant: Bool = true) {
        self.outTradeNo = outTradeNo
        self.transactionID = transactionID
        self.state = state
        self.amount = amount
        self.currency = currency
        self.paidAt = paidAt
        self.payerOpenID = payerOpenID
        self.isForThisMerchant = isForThisMerchant
    }
}

/// A refund as the platform reports it (the refund API's answer or a `REFUND.*` notification).
public struct ProviderRefund: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// `SUCCESS`: the money is back with the payer.
        case succeeded
        /// `PROCESSING`: wait for the notification.
        case processing
        /// `CLOSED`: the refund was closed without paying out.
        case closed
        /// `ABNORMAL`: the refund failed and needs the merchant's attention.
        case abnormal
        case other(String)
    }

    /// Our refund id (`out_refund_no`).
    public var outRefundNo: String
    /// Our order id.
    public var outTradeNo: String
    /// The platform's refund id.
    public var refundID: String?
    public var state: State
    /// This refund, in minor units.
    public var amount: Int64
    public var settledAt: Timestamp?

    public init(outRefundNo: String, outTradeNo: String, refundID: String?, state: State, amount: Int64,
                settledAt: Timestamp? = nil) {
        self.outRefundNo = outRefundNo
        self.outTradeNo = outTradeNo
        self.refundID = refundID
        self.state = state
        self.amount = amount
        self.settledAt = settledAt
    }

    /// The platform's word for the state (`SUCCESS`, `PROCESSING`, …), as stored.
    public var stateName: String {
        switch state {
        case .succeeded: "SUCCESS"
        case .processing: "PROCESSING"
        case .closed: "CLOSED"
        case .abnormal: "ABNORMAL"
        case .other(let name): name
        }
    }
}
