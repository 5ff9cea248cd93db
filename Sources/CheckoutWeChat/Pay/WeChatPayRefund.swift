/// A refund as a `REFUND.*` notification describes it (the decrypted resource). Amounts in fen.
public struct WeChatPayRefund: Codable, Sendable, Equatable {
    /// `refund_status`; unknown values are kept.
    public struct Status: RawRepresentable, Codable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        // Codable as a single string through the standard library's RawRepresentable defaults.

        public static let success = Status(rawValue: "SUCCESS")
        public static let closed = Status(rawValue: "CLOSED")
        public static let abnormal = Status(rawValue: "ABNORMAL")
        public static let processing = Status(rawValue: "PROCESSING")
    }

    /// The amounts.
    public struct Amount: Codable, Sendable, Equatable {
        /// The original order total in fen.
        public var total: Int
        /// This refund in fen.
        public var refund: Int
        /// What the payer originally paid.
        public var payerTotal: Int?
        /// What the payer gets back.
        public var payerRefund: Int?

        public init(total: Int, refund: Int, payerTotal: Int? = nil, payerRefund: Int? = nil) {
            self.total = total
            self.refund = refund
            self.payerTotal = payerTotal
            self.payerRefund = payerRefund
        }

        enum CodingKeys: String, CodingKey {
            case total, refund
            case payerTotal = "payer_total"
            case payerRefund = "payer_refund"
        }
    }

    public var merchantID: String?
    /// Our order ID.
    public var outTradeNo: String
    public var transactionID: String?
    /// Our refund ID.
    public var outRefundNo: String
    /// The platform's refund ID.
    public var refundID: String
    public var refundStatus: Status
    /// RFC 3339; present when the refund succeeded.
    public var successTime: String?
    public var userReceivedAccount: String?
    public var amount: Amount

    public init(merchantID: String?, outTradeNo: String, transactionID: String?, outRefundNo: String,
                refundID: String, refundStatus: Status, successTime: String?,
                userReceivedAccount: String? = nil, amount: Amount) {
        self.merchantID = merchantID
        self.outTradeNo = outTradeNo
        self.transactionID = transactionID
        self.outRefundNo = outRefundNo
        self.refundID = refundID
        self.refundStatus = refundStatus
        self.successTime = successTime
        self.userReceivedAccount = userReceivedAccount
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case amount
        case merchantID = "mchid"
        case outTradeNo = "out_trade_no"
        case transactionID = "transaction_id"
        case outRefundNo = "out_refund_no"
        case refundID = "refund_id"
        case refundStatus = "refund_status"
        case successTime = "success_time"
        case userReceivedAccount = "user_received_account"
    }
}
