import CheckoutCrypto

/// Why a platform response or notification was not accepted as coming from WeChat Pay.
/// None of these may be treated as a payment; the callback answers 4xx so the platform retries.
public enum WeChatPayVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A required `Wechatpay-*` header is absent or empty; carries its name.
    case missingHeader(String)
    /// `Wechatpay-Signature-Type` names a scheme other than `WECHATPAY2-SHA256-RSA2048`.
    case unsupportedSignatureType(String)
    /// `Wechatpay-Serial` names no platform key we hold; carries the serial.
    case unknownSerial(String)
    /// `Wechatpay-Timestamp` is not a decimal count of seconds; carries the value.
    case malformedTimestamp(String)
    /// The timestamp is further from now than the allowed window, in the past or the future;
    /// carries the signed difference in seconds (positive: in the future).
    case timestampOutOfWindow(skewSeconds: Int)
    /// The signature is not base64 or does not verify over `timestamp\nnonce\nbody\n`.
    case badSignature

    public var description: String {
        switch self {
        case .missingHeader(let name): "missing header \(name)"
        case .unsupportedSignatureType(let type): "unsupported signature type \(type)"
        case .unknownSerial(let serial): "unknown platform serial \(serial)"
        case .malformedTimestamp(let value): "malformed timestamp \(value.prefix(32))"
        case .timestampOutOfWindow(let skew): "timestamp \(skew) s away from now"
        case .badSignature: "signature does not verify"
        }
    }
}
