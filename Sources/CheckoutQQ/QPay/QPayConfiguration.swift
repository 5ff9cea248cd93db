/// A QQ Wallet merchant (`QPAY_*` settings) as the client needs it.
public struct QPayConfiguration: Sendable {
    /// `QPAY_API_BASE`, without a trailing slash.
    public var apiBase: String
    /// `QPAY_MCH_ID`: the merchant (also the `bargainor_id` of `qq.requestPayment`).
    public var merchantID: String
    /// `QPAY_API_KEY`: the signing key.
    public var apiKey: String
    /// `QQ_APP_ID`: the mini program the MINIAPP orders are for.
    public var appID: String
    /// `CHECKOUT_PUBLIC_URL` + `/v1/payment-callbacks/qpay`.
    public var notifyURL: String
    /// The client certificate and operator for refunds; nil when refunds are not configured.
    public var refunds: RefundCredentials?
    /// CA file to trust instead of the system store (tests).
    public var trustedCAPath: String?
    /// The hard limit of one call.
    public var timeout: Duration

    /// `QPAY_CERT`, `QPAY_KEY`, `QPAY_OP_USER_ID`, `QPAY_OP_USER_PASSWD`.
    public struct RefundCredentials: Sendable {
        public var certificatePath: String
        public var keyPath: String
        public var operatorID: String
        public var operatorPassword: String

        public init(certificatePath: String, keyPath: String, operatorID: String, operatorPassword: String) {
            self.certificatePath = certificatePath
            self.keyPath = keyPath
            self.operatorID = operatorID
            self.operatorPassword = operatorPassword
        }
    }

    public init(apiBase: String, merchantID: String, apiKey: String, appID: String, notifyURL: String,
                refunds: RefundCredentials? = nil, trustedCAPath: String? = nil, timeout: Duration = .seconds(10)) {
        self.apiBase = apiBase
        self.merchantID = merchantID
        self.apiKey = apiKey
        self.appID = appID
        self.notifyURL = notifyURL
        self.refunds = refunds
        self.trustedCAPath = trustedCAPath
        self.timeout = timeout
    }
}
