import CheckoutCrypto

/// What `WeChatPayClient` needs: where the API is, who we are, and the keys on both sides.
public struct WeChatPayClientConfiguration: Sendable {
    /// `WECHATPAY_API_BASE`, e.g. `https://api.mch.weixin.qq.com` (a trailing slash is dropped).
    public var apiBase: String
    /// The mini-program AppID the prepays are for (`WECHAT_APP_ID`).
    public var appID: String
    /// `WECHATPAY_MCH_ID`.
    public var merchantID: String
    /// `WECHATPAY_MERCHANT_SERIAL`: the merchant API certificate serial.
    public var merchantSerial: String
    /// `WECHATPAY_MERCHANT_KEY`: signs requests and paySign.
    public var merchantKey: RSAPrivateKey
    /// Platform keys by serial (`WECHATPAY_PLATFORM_SERIAL` → `WECHATPAY_PLATFORM_CERT`): verify answers.
    public var platformKeys: [String: RSAPublicKey]
    /// The hard limit of one call, connection to last byte (default 10 s).
    public var timeout: Duration

    public init(apiBase: String, appID: String, merchantID: String, merchantSerial: String,
                merchantKey: RSAPrivateKey, platformKeys: [String: RSAPublicKey], timeout: Duration = .seconds(10)) {
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.appID = appID
        self.merchantID = merchantID
        self.merchantSerial = merchantSerial
        self.merchantKey = merchantKey
        self.platformKeys = platformKeys
        self.timeout = timeout
    }
}
