import CheckoutCrypto
import Foundation

/// Signs merchant requests to WeChat Pay API v3 with the merchant's API certificate key,
/// producing the `Authorization` header value.
public struct WeChatPayRequestSigner: Sendable {
    /// The merchant ID (`mchid`).
    public let merchantID: String
    /// The serial number of the merchant API certificate whose key signs.
    public let serialNumber: String
    private let privateKey: RSAPrivateKey

    /// - Parameters:
    ///   - merchantID: the merchant ID (`mchid`).
    ///   - serialNumber: the merchant API certificate serial (`serial_no`).
    ///   - privateKey: that certificate's private key (`apiclient_key.pem`).
    public init(merchantID: String, serialNumber: String, privateKey: RSAPrivateKey) {
        self.merchantID = merchantID
        self.serialNumber = serialNumber
        self.privateKey = privateKey
    }

    /// The `Authorization` header value for one request:
    /// `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`.
    /// - Parameters:
    ///   - method: the HTTP method, e.g. `"POST"`.
    ///   - urlPathWithQuery: the absolute path with its query, e.g. `/v3/pay/transactions/jsapi`;
    ///     exactly as sent, without scheme or host.
    ///   - body: the exact body bytes sent (empty for GET).
    ///   - timestamp: Unix seconds; defaults to now.
    ///   - nonce: a fresh random string; defaults to 32 alphanumerics.
    public func authorization(method: String, urlPathWithQuery: String, body: [UInt8],
                              timestamp: Int = Int(Date().timeIntervalSince1970),
                              nonce: String = SecureRandom.alphanumeric(count: 32)) throws(CryptoError) -> String {
        let message = WeChatPayMessage.request(method: method, urlPathWithQuery: urlPathWithQuery,
                                               timestamp: String(timestamp), nonce: nonce, body: body)
        let signature = Data(try privateKey.sign(sha256: message)).base64EncodedString()
        return WeChatPayAuthorization(merchantID: merchantID, nonce: nonce, signature: signature,
                                      timestamp: String(timestamp), serialNumber: serialNumber).headerValue
    }

    /// `authorization(method:urlPathWithQuery:body:timestamp:nonce:)` for a UTF-8 string body.
    public func authorization(method: String, urlPathWithQuery: String, body: String,
                              timestamp: Int = Int(Date().timeIntervalSince1970),
                              nonce: String = SecureRandom.alphanumeric(count: 32)) throws(CryptoError) -> String {
        try authorization(method: method, urlPathWithQuery: urlPathWithQuery, body: Array(body.utf8),
                          timestamp: timestamp, nonce: nonce)
    }
}
