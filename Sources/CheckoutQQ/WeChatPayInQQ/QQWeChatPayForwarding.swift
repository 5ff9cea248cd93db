/// How WeChat Pay H5 orders go through QQ's forwarder
/// (`POST {QQ_API_BASE}/wxpay/v3/pay/transactions/h5?appid=&access_token=&real_notify_url=`).
///
/// QQ documents the path and query; it does not say over which path the merchant's
/// `WECHATPAY2-SHA256-RSA2048` signature is computed, nor whether the forwarder passes WeChat
/// Pay's `Wechatpay-*` answer headers back. Both are settings with the documented reading as
/// the default (docs/API.md "QQ mini programs").
public struct QQWeChatPayForwarding: Sendable, Hashable {
    /// Which request target the signature covers.
    public enum SignedPath: String, Sendable, Hashable, CaseIterable {
        /// `/v3/pay/transactions/h5`: what WeChat Pay receives from the forwarder (default).
        case wechat
        /// The forwarder's own target, `/wxpay/v3/pay/transactions/h5?appid=…&access_token=…&real_notify_url=…`.
        case forwarder
    }

    /// `QQ_API_BASE`.
    public var apiBase: String
    /// `QQ_APP_ID`.
    public var qqAppID: String
    /// `QQ_WXPAY_SIGNED_PATH`.
    public var signedPath: SignedPath
    /// `QQ_WXPAY_SIGNED_ANSWERS`: whether an answer must carry a valid WeChat Pay signature.
    /// Off, an unsigned answer is taken for its `h5_url` only; a signed one is still verified.
    public var requireSignedAnswers: Bool
    /// The `notify_url` in the order body: QQ's notification forwarder (`QQ_WXPAY_NOTIFY_URL`).
    public var forwarderNotifyURL: String
    /// The `referer` of `qq.requestWxPayment`: the H5 domain registered at WeChat Pay (`QQ_WXPAY_REFERER`).
    public var referer: String

    public static let wechatPath = "/v3/pay/transactions/h5"
    public static let forwarderPath = "/wxpay/v3/pay/transactions/h5"
    public static let defaultNotifyURL = "https://api.q.qq.com/wxpay/notify"

    public init(apiBase: String, qqAppID: String, signedPath: SignedPath = .wechat, requireSignedAnswers: Bool = true,
                forwarderNotifyURL: String = defaultNotifyURL, referer: String) {
        self.apiBase = apiBase
        self.qqAppID = qqAppID
        self.signedPath = signedPath
        self.requireSignedAnswers = requireSignedAnswers
        self.forwarderNotifyURL = forwarderNotifyURL
        self.referer = referer
    }
}
