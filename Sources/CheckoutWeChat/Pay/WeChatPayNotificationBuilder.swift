import CheckoutCrypto
import Foundation

/// Builds notifications exactly as the WeChat Pay platform sends them: the resource encrypted
/// with AES-256-GCM under the APIv3 key, the body signed with the platform key. For the
/// sandbox provider and the test fake platform.
public struct WeChatPayNotificationBuilder: Sendable {
    private let signer: WeChatPayPlatformSigner
    private let apiV3Key: [UInt8]

    /// - Parameters:
    ///   - platformPrivateKey: the platform key that signs.
    ///   - platformSerial: its serial, sent as `Wechatpay-Serial`.
    ///   - apiV3Key: the merchant's 32-byte APIv3 key.
    public init(platformPrivateKey: RSAPrivateKey, platformSerial: String, apiV3Key: [UInt8]) throws(CryptoError) {
        guard apiV3Key.count == AESGCM.keyByteCount else {
            throw CryptoError(.invalidKey, "APIv3 key must be \(AESGCM.keyByteCount) bytes")
        }
        self.signer = WeChatPayPlatformSigner(serialNumber: platformSerial, privateKey: platformPrivateKey)
        self.apiV3Key = apiV3Key
    }

    /// A `TRANSACTION.SUCCESS` notification carrying `transaction`.
    /// - Parameters:
    ///   - transaction: the payment (normally `tradeState == .success`).
    ///   - id: the notification ID; repeats of one event should reuse it.
    ///   - createTime: the event time.
    ///   - timestamp: the signature's Unix seconds.
    public func transactionSuccess(_ transaction: WeChatPayTransaction, id: String = UUID().uuidString,
                                   createTime: Date = Date(),
                                   timestamp: Int = Int(Date().timeIntervalSince1970)) throws(CryptoError) -> WeChatPaySignedMessage {
        try notification(eventType: .transactionSuccess, summary: "支付成功", originalType: "transaction",
                         resourceJSON: Self.encode(transaction), associatedData: "transaction",
                         id: id, createTime: createTime, timestamp: timestamp)
    }

    /// A `REFUND.SUCCESS`, `REFUND.ABNORMAL` or `REFUND.CLOSED` notification carrying `refund`,
    /// its event type following `refund.refundStatus`.
    public func refund(_ refund: WeChatPayRefund, id: String = UUID().uuidString, createTime: Date = Date(),
                       timestamp: Int = Int(Date().timeIntervalSince1970)) throws(CryptoError) -> WeChatPaySignedMessage {
        let (eventType, summary): (WeChatPayEventType, String) = switch refund.refundStatus {
        case .success: (.refundSuccess, "退款成功")
        case .closed: (.refundClosed, "退款关闭")
        default: (.refundAbnormal, "退款异常")
        }
        return try notification(eventType: eventType, summary: summary, originalType: "refund",
                                resourceJSON: Self.encode(refund), associatedData: "refund",
                                id: id, createTime: createTime, timestamp: timestamp)
    }

    /// Any notification: encrypts `resourceJSON`, wraps it, serialises and signs the body.
    /// - Parameters:
    ///   - resourceJSON: the plaintext resource.
    ///   - associatedData: GCM associated data (`nil` leaves the field out).
    ///   - resourceNonce: 12 characters; random by default.
    ///   - signatureNonce: the `Wechatpay-Nonce`; random by default.
    public func notification(eventType: WeChatPayEventType, summary: String, originalType: String,
                             resourceJSON: [UInt8], associatedData: String?, id: String = UUID().uuidString,
                             createTime: Date = Date(), timestamp: Int = Int(Date().timeIntervalSince1970),
                             resourceNonce: String = SecureRandom.alphanumeric(count: 12),
                             signatureNonce: String = SecureRandom.alphanumeric(count: 32)) throws(CryptoError) -> WeChatPaySignedMessage {
        let sealed = try AESGCM.seal(plaintext: resourceJSON, key: apiV3Key, nonce: Array(resourceNonce.utf8),
                                     associatedData: Array((associatedData ?? "").utf8))
        let resource = WeChatPayNotification.Resource(ciphertext: Data(sealed).base64EncodedString(),
                                                      associatedData: associatedData,
                                                      originalType: originalType, nonce: resourceNonce)
        let notification = WeChatPayNotification(id: id, createTime: WeChatPayTime.format(createTime),
                                                  eventType: eventType, resource: resource, summary: summary)
        let body = try Self.encode(notification)
        return WeChatPaySignedMessage(headers: try signer.headers(body: body, timestamp: timestamp, nonce: signatureNonce),
                                      body: body)
    }

    static func encode(_ value: some Encodable) throws(CryptoError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return [UInt8](try encoder.encode(value))
        } catch {
            throw CryptoError(.invalidInput, "cannot encode notification JSON: \(error)")
        }
    }
}
