import CheckoutCrypto
import Foundation
import CheckoutHTTPTypes

/// Verifies that a response or notification was signed by WeChat Pay: the key named by
/// `Wechatpay-Serial`, a fresh `Wechatpay-Timestamp`, and an RSA-SHA256 signature over
/// `timestamp\nnonce\nbody\n`.
public struct WeChatPaySignatureVerifier: Sendable {
    /// Platform keys by serial: certificate serials, or `PUB_KEY_ID_…` for platform public keys.
    public let platformKeys: [String: RSAPublicKey]
    /// How far a timestamp may be from now, either way. WeChat Pay recommends 5 minutes.
    public let allowedSkew: Int
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - platformKeys: the platform's keys by serial.
    ///   - allowedSkew: seconds a timestamp may differ from now, past or future (default 300).
    ///   - now: the clock; injected in tests.
    public init(platformKeys: [String: RSAPublicKey], allowedSkew: Int = 300,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.platformKeys = platformKeys
        self.allowedSkew = allowedSkew
        self.now = now
    }

    /// Verifies one signed message from its header values; `nil` values are missing headers.
    /// - Parameters:
    ///   - timestamp: `Wechatpay-Timestamp`.
    ///   - nonce: `Wechatpay-Nonce`.
    ///   - body: the exact body bytes received.
    ///   - signature: `Wechatpay-Signature` (base64).
    ///   - serial: `Wechatpay-Serial`.
    ///   - now: overrides the clock for this call.
    public func verify(timestamp: String?, nonce: String?, body: [UInt8], signature: String?,
                       serial: String?, now: Date? = nil) throws(WeChatPayVerificationError) {
        let timestamp = try Self.required(timestamp, WeChatPayHeader.timestamp)
        let nonce = try Self.required(nonce, WeChatPayHeader.nonce)
        let signature = try Self.required(signature, WeChatPayHeader.signature)
        let serial = try Self.required(serial, WeChatPayHeader.serial)

        guard let key = platformKeys[serial] else { throw .unknownSerial(serial) }
        guard timestamp.utf8.count <= 12, timestamp.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let seconds = Int(timestamp) else { throw .malformedTimestamp(timestamp) }
        let skew = seconds - Int((now ?? self.now()).timeIntervalSince1970.rounded(.down))
        guard abs(skew) <= allowedSkew else { throw .timestampOutOfWindow(skewSeconds: skew) }

        guard let signatureBytes = Data(base64Encoded: signature) else { throw .badSignature }
        let message = WeChatPayMessage.platform(timestamp: timestamp, nonce: nonce, body: body)
        guard key.verify(signature: [UInt8](signatureBytes), sha256: message) else { throw .badSignature }
    }

    /// Verifies one signed message from its headers (names compare case-insensitively).
    /// - Parameters:
    ///   - headers: the response or notification headers.
    ///   - body: the exact body bytes received.
    ///   - now: overrides the clock for this call.
    public func verify(headers: HTTPFields, body: [UInt8], now: Date? = nil) throws(WeChatPayVerificationError) {
        if let type = headers[WeChatPayHeader.signatureType], type != WeChatPayHeader.scheme {
            throw .unsupportedSignatureType(type)
        }
        try verify(timestamp: headers[WeChatPayHeader.timestamp], nonce: headers[WeChatPayHeader.nonce],
                   body: body, signature: headers[WeChatPayHeader.signature],
                   serial: headers[WeChatPayHeader.serial], now: now)
    }

    private static func required(_ value: String?, _ name: String) throws(WeChatPayVerificationError) -> String {
        guard let value, !value.isEmpty else { throw .missingHeader(name) }
        return value
    }
}
