/// A payment as WeChat Pay describes it: the decrypted `TRANSACTION.*` resource, and the
/// body of the order query (`/v3/pay/transactions/out-trade-no/{no}`). Amounts are in fen.
public struct WeChatPayTransaction: Codable, Sendable, Equatable {
    /// `trade_state`; unknown values are kept.
    public struct TradeState: RawRepresentable, Codable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        // Codable as a single string through the standard library's RawRepresentable defaults.

        public static let success = TradeState(rawValue: "SUCCESS")
        public static let refund = TradeState(rawValue: "REFUND")
        public static let notPay = TradeState(rawValue: "NOTPAY")
        public static let closed = TradeState(rawValue: "CLOSED")
        public static let revoked = TradeState(rawValue: "REVOKED")
        public static let userPaying = TradeState(rawValue: "USERPAYING")
        public static let payError = TradeState(rawValue: "PAYERROR")
    }

    /// The order amount.
    public struct Amount: Codable, Sendable, Equatable {
        /// The order total in fen.
        public var total: Int
        /// What the payer paid in fen (after platform discounts); absent until paid.
        public var payerTotal: Int?
        /// `CNY`.
        public var currency: String?
        /// The payer's currency.
        public var payerCurrency: String?

        public init(total: Int, payerTotal: Int? = nil, currency: String? = "CNY", payerCurrency: String? = nil) {
            self.total = total
            self.payerTotal = payerTotal
            self.currency = currency
            self.payerCurrency = payerCurrency
        }

        enum CodingKeys: String, CodingKey {
            case total, currency
            case payerTotal = "payer_total"
            case payerCurrency = "payer_currency"
        }
    }

    /// The payer.
    public struct Payer: Codable, Sendable, Equatable {
        /// The payer's openid under `appid`.
        public var openID: String
        public init(openID: String) { self.openID = openID }
        enum CodingKeys: String, CodingKey { case openID = "openid" }
    }

    public var appID: String
    public var merchantID: String
    /// Our order ID.
    public var outTradeNo: String
    /// The platform's payment ID; absent before payment.
    public var transactionID: String?
    /// `JSAPI`, `NATIVE`, ….
    public var tradeType: String?
    public var tradeState: TradeState
    public var tradeStateDesc: String?
    public var bankType: String?
    public var attach: String?
    /// RFC 3339 (see `WeChatPayTime.parse`); absent before payment.
    public var successTime: String?
    public var payer: Payer?
    public var amount: Amount

    public init(appID: String, merchantID: String, outTradeNo: String, transactionID: String?,
                tradeType: String? = "JSAPI", tradeState: TradeState, tradeStateDesc: String? = nil,
                bankType: String? = nil, attach: String? = nil, successTime: String?,
                payer: Payer?, amount: Amount) {
        self.appID = appID
        self.merchantID = merchantID
        self.outTradeNo = outTradeNo
        self.transactionID = transactionID
        self.tradeType = tradeType
        self.tradeState = tradeState
        self.tradeStateDesc = tradeStateDesc
        self.bankType = bankType
        self.attach = attach
        self.successTime = successTime
        self.payer = payer
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case attach, payer, amount
        case appID = "appid"
        case merchantID = "mchid"
        case outTradeNo = "out_trade_no"
        case transactionID = "transaction_id"
        case tradeType = "trade_type"
        case tradeState = "trade_state"
        case tradeStateDesc = "trade_state_desc"
        case bankType = "bank_type"
        case successTime = "success_time"
    }
}
