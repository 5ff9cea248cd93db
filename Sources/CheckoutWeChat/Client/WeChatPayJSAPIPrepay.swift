/// The body of `POST /v3/pay/transactions/jsapi`.
public struct WeChatPayJSAPIPrepay: Codable, Sendable, Equatable {
    public struct Amount: Codable, Sendable, Equatable {
        /// Fen.
        public var total: Int
        public var currency: String
        public init(total: Int, currency: String = "CNY") {
            self.total = total
            self.currency = currency
        }
    }

    /// `settle_info`: `{"profit_sharing": true}` keeps the funds frozen for a later split.
    public struct SettleInfo: Codable, Sendable, Equatable {
        public var profitSharing: Bool
        public init(profitSharing: Bool) { self.profitSharing = profitSharing }
        enum CodingKeys: String, CodingKey { case profitSharing = "profit_sharing" }
    }

    public struct Payer: Codable, Sendable, Equatable {
        public var openid: String
        public init(openid: String) { self.openid = openid }
    }

    public var appid: String
    public var mchid: String
    /// At most 127 characters.
    public var description: String
    /// Our order id.
    public var outTradeNo: String
    /// WeChat time (`2026-11-24T18:15:00+08:00`): the order's `expires_at`.
    public var timeExpire: String?
    public var notifyURL: String
    public var amount: Amount
    public var payer: Payer
    /// Present (profit sharing on) while the shop's reward program is on.
    public var settleInfo: SettleInfo?

    public init(appid: String, mchid: String, description: String, outTradeNo: String, timeExpire: String?,
                notifyURL: String, amount: Amount, payer: Payer, settleInfo: SettleInfo? = nil) {
        self.appid = appid
        self.mchid = mchid
        self.description = description
        self.outTradeNo = outTradeNo
        self.timeExpire = timeExpire
        self.notifyURL = notifyURL
        self.amount = amount
        self.payer = payer
        self.settleInfo = settleInfo
    }

    enum CodingKeys: String, CodingKey {
        case appid, mchid, description, amount, payer
        case outTradeNo = "out_trade_no"
        case timeExpire = "time_expire"
        case notifyURL = "notify_url"
        case settleInfo = "settle_info"
    }
}

/// The answer of a JSAPI prepay: `{"prepay_id": "…"}`.
struct WeChatPayPrepayAnswer: Decodable {
    var prepayID: String
    enum CodingKeys: String, CodingKey { case prepayID = "prepay_id" }
}
