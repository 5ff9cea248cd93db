/// Settings of the payments layer.
public struct PaymentConfiguration: Hashable, Sendable {
    /// Where platforms send notifications: `CHECKOUT_PUBLIC_URL` + `/v1/payment-callbacks/wechatpay`.
    public var notifyURL: String
    /// The provider used when a payment request names none.
    public var defaultProvider: String?
    /// A payment still pending this long after its prepay is queried at the platform.
    public var reconcileAfterSeconds: Int64 = 300
    /// The same pending payment is queried again at most this often: the lease of a replica's
    /// claim on it, so keep it above the platform call's time limit.
    public var recheckSeconds: Int64 = 300
    /// A pending refund without a settled answer is resubmitted after this long: also the lease
    /// of a replica's claim on it.
    public var refundRetrySeconds: Int64 = 60
    /// A prepay one replica is closing before expiry is left to it this long.
    public var closingLeaseSeconds: Int64 = 30
    /// Reconciliation runs at most this often (from the expiry pass).
    public var reconcileEverySeconds: Int64 = 30
    /// Rows handled per pass of closing, reconciliation and refund retries.
    public var batchSize = 50
    /// Providers whose payments are reported by another provider's notifications, keyed by the
    /// payment's provider: `wechatpay_qq` → `wechatpay` (WeChat Pay in QQ notifies through the
    /// WeChat Pay callback, verified with WeChat Pay's keys).
    public var notifiedAs: [String: String] = [:]

    public init(notifyURL: String, defaultProvider: String? = nil) {
        self.notifyURL = notifyURL
        self.defaultProvider = defaultProvider
    }

    /// The callback path under the public URL.
    public static let callbackPath = "/v1/payment-callbacks/wechatpay"
}
