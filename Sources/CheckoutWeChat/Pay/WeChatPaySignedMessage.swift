import CheckoutHTTPTypes

/// A body with the `Wechatpay-*` headers that sign it: what the platform POSTs to a
/// `notify_url`, or answers to an API call.
public struct WeChatPaySignedMessage: Sendable {
    /// `Wechatpay-Timestamp`, `-Nonce`, `-Signature`, `-Serial`, `-Signature-Type`.
    public var headers: HTTPFields
    /// The exact signed body (JSON).
    public var body: [UInt8]

    public init(headers: HTTPFields, body: [UInt8]) {
        self.headers = headers
        self.body = body
    }
}
