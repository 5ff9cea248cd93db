/// A payment platform (WeChat Pay, the sandbox) as the domain sees it. CheckoutCore defines it;
/// CheckoutWeChat implements it, so tests and the sandbox plug in the way WeChat Pay does.
///
/// Every method talks to the network and may be slow: callers never hold the database writer
/// while calling. Failures are `PaymentProviderError`s.
public protocol PaymentProvider: Sendable {
    /// The provider's name as the API shows it: `wechatpay` or `sandbox`.
    var name: String { get }

    /// Places a prepay order for `request.order` (out_trade_no = order id) and signs the
    /// parameters the mini-program's `wx.requestPayment` takes.
    func prepay(_ request: PrepayRequest) async throws -> PrepayResult

    /// Asks the platform to refund; repeating a submission with the same refund id is safe
    /// (the platform answers the existing refund's state).
    func refund(_ request: RefundSubmission) async throws -> ProviderRefund

    /// Closes the unpaid prepay order `outTradeNo` so it can no longer be paid.
    /// - Throws: `PaymentProviderError` with kind `.rejected` when the platform refuses (for
    ///   example because it was paid meanwhile); query to learn why.
    func close(outTradeNo: String) async throws

    /// The platform's view of the payment for `outTradeNo`; nil when it knows no such order.
    func query(outTradeNo: String) async throws -> ProviderTransaction?
}

/// What a prepay needs: the order (id, total, items for the description, `expires_at`), the
/// payer and where the platform must send notifications.
public struct PrepayRequest: Sendable {
    public var order: Order
    /// The payer's openid under the mini-program's AppID.
    public var payerOpenID: String
    /// `CHECKOUT_PUBLIC_URL` + `/v1/payment-callbacks/wechatpay`.
    public var notifyURL: String
    /// Keep the funds frozen for a profit-sharing split (the shop's reward program is on).
    public var profitSharing: Bool
    /// The shopper's address as the request came in (H5 and QQ Wallet orders carry it).
    public var payerIP: String?

    public init(order: Order, payerOpenID: String, notifyURL: String, profitSharing: Bool = false, payerIP: String? = nil) {
        self.order = order
        self.payerOpenID = payerOpenID
        self.notifyURL = notifyURL
        self.profitSharing = profitSharing
        self.payerIP = payerIP
    }
}

/// A placed prepay: the platform's id and the signed `wx.requestPayment` parameters.
public struct PrepayResult: Sendable, Hashable {
    public var prepayID: String
    public var payParameters: PayParameters

    public init(prepayID: String, payParameters: PayParameters) {
        self.prepayID = prepayID
        self.payParameters = payParameters
    }
}

/// What the mini program passes to the platform's payment sheet, as `pay_params`: for WeChat
/// Pay and the sandbox `wx.requestPayment`'s `{appId, timeStamp, nonceStr, package, signType,
/// paySign}`; for QQ Wallet `qq.requestPayment`'s `{package, bargainor_id}`; for WeChat Pay in
/// QQ `qq.requestWxPayment`'s `{url, referer}`. Encoded as a JSON object with sorted keys.
public struct PayParameters: Sendable, Hashable, Encodable {
    /// The fields as the mini program or page receives them, by their exact names.
    public var fields: [String: String]

    public init(_ fields: [String: String]) {
        self.fields = fields
    }

    /// `wx.requestPayment`'s fields; `paySign` is base64 RSA-SHA256 over
    /// `appId\ntimeStamp\nnonceStr\npackage\n` with the merchant key.
    public init(appID: String, timeStamp: String, nonceStr: String, package: String, signType: String,
                paySign: String) {
        fields = ["appId": appID, "timeStamp": timeStamp, "nonceStr": nonceStr, "package": package,
                  "signType": signType, "paySign": paySign]
    }

    public subscript(name: String) -> String? { fields[name] }

    /// `prepay_id=…`, where the platform uses one.
    public var package: String? { fields["package"] }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            try container.encode(value, forKey: Key(stringValue: name))
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A refund to submit to the platform.
public struct RefundSubmission: Sendable, Hashable {
    /// Our refund id (`re_…`), the platform's `out_refund_no`.
    public var refundID: String
    /// The order id (`out_trade_no`).
    public var orderID: String
    /// The platform's transaction id, when known.
    public var transactionID: String?
    /// This refund, in minor units.
    public var amount: Int64
    /// The amount originally paid, in minor units.
    public var paidAmount: Int64
    public var currency: Currency
    public var reason: String?
    /// Where refund notifications go.
    public var notifyURL: String

    public init(refundID: String, orderID: String, transactionID: String?, amount: Int64, paidAmount: Int64,
                currency: Currency, reason: String?, notifyURL: String) {
        self.refundID = refundID
        self.orderID = orderID
        self.transactionID = transactionID
        self.amount = amount
        self.paidAmount = paidAmount
        self.currency = currency
        self.reason = reason
        self.notifyURL = notifyURL
    }
}
