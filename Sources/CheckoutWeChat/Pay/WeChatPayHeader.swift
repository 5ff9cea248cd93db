/// The header names and the signature scheme of WeChat Pay API v3.
public enum WeChatPayHeader {
    /// Unix seconds at which the platform signed the response or notification.
    public static let timestamp = "Wechatpay-Timestamp"
    /// The platform's random nonce for this signature.
    public static let nonce = "Wechatpay-Nonce"
    /// Base64 RSA-SHA256 signature over `timestamp\nnonce\nbody\n`.
    public static let signature = "Wechatpay-Signature"
    /// The serial of the platform certificate or public key (`PUB_KEY_ID_…`) that signed.
    public static let serial = "Wechatpay-Serial"
    /// The signature scheme; absent means `WECHATPAY2-SHA256-RSA2048`.
    public static let signatureType = "Wechatpay-Signature-Type"
    /// The scheme name used in `Authorization` and `Wechatpay-Signature-Type`.
    public static let scheme = "WECHATPAY2-SHA256-RSA2048"
}
