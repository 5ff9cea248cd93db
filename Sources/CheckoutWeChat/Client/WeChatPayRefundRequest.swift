/// The body of `POST /v3/refund/domestic/refunds`.
public struct WeChatPayRefundRequest: Codable, Sendable, Equatable {
    public struct Amount: Codable, Sendable, Equatable {
        /// This refund, fen.
        public var refund: Int
        /// The original order total, fen.
        public var total: Int
        public var currency: String
        public init(refund: Int, total: Int, currency: String = "CNY") {
            self.refund = refund
            self.total = total
            self.currency = currency
        }
    }

    public var transactionID: String?
    public var outTradeNo: String?
    /// Our refund id.
    public var outRefundNo: String
    public var reason: String?
    public var notifyURL: String?
    public var amount: Amount

    public init(transactionID: String?, outTradeNo: String?, outRefundNo: String, reason: String?,
                notifyURL: String?, amount: Amount) {
        self.transactionID = transactionID
        self.outTradeNo = outTradeNo
        self.outRefundNo = outRefundNo
        self.reason = reason
        self.notifyURL = notifyURL
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case reason, amount
        case transactionID = "transaction_id"
        case outTradeNo = "out_trade_no"
        case outRefundNo = "out_refund_no"
        case notifyURL = "notify_url"
    }
}

/// The answer of a refund submission (the refund as the platform holds it).
public struct WeChatPayRefundAnswer: Codable, Sendable, Equatable {
    public struct Amount: Codable, Sendable, Equatable {
        public var total: Int
        public var refund: Int
        public var currency: String?
        public init(total: Int, refund: Int, currency: String? = "CNY") {
            self.total = total
            self.refund = refund
            self.currency = currency
        }
    }

    /// The platform's refund id.
    public var refundID: String
    public var outRefundNo: String
    public var transactionID: String?
    public var outTradeNo: String
    /// `SUCCESS`, `CLOSED`, `PROCESSING`, `ABNORMAL`.
    public var status: WeChatPayRefund.Status
    public var successTime: String?
    public var createTime: String?
    public var amount: Amount

    public init(refundID: String, outRefundNo: String, transactionID: String?, outTradeNo: String,
                status: WeChatPayRefund.Status, successTime: String?, createTime: String?, amount: Amount) {
        self.refundID = refundID
        self.outRefundNo = outRefundNo
        self.transactionID = transactionID
        self.outTradeNo = outTradeNo
        self.status = status
        self.successTime = successTime
        self.createTime = createTime
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case status, amount
        case refundID = "refund_id"
        case outRefundNo = "out_refund_no"
        case transactionID = "transaction_id"
        case outTradeNo = "out_trade_no"
        case successTime = "success_time"
        case createTime = "create_time"
    }
}
