import CheckoutCrypto
import Foundation

/// A parsed `WECHATPAY2-SHA256-RSA2048` `Authorization` header, as the platform (or a fake
/// of it) reads it to check a merchant's request.
public struct WeChatPayAuthorization: Sendable, Equatable {
    /// The merchant ID (`mchid`).
    public var merchantID: String
    /// `nonce_str`.
    public var nonce: String
    /// The base64 signature.
    public var signature: String
    /// Unix seconds, as sent.
    public var timestamp: String
    /// The merchant certificate serial (`serial_no`).
    public var serialNumber: String

    public init(merchantID: String, nonce: String, signature: String, timestamp: String, serialNumber: String) {
        self.merchantID = merchantID
        self.nonce = nonce
        self.signature = signature
        self.timestamp = timestamp
        self.serialNumber = serialNumber
    }

    /// Parses a header value; `nil` unless the scheme is `WECHATPAY2-SHA256-RSA2048` and all
    /// five parameters are present exactly once.
    public init?(headerValue: String) {
        let prefix = WeChatPayHeader.scheme + " "
        guard headerValue.hasPrefix(prefix) else { return nil }
        var fields: [String: String] = [:]
        for pair in headerValue.dropFirst(prefix.count).split(separator: ",") {
            guard let eq = pair.firstIndex(of: "=") else { return nil }
            let name = pair[..<eq].trimmingCharacters(in: .whitespaces)
            var value = Substring(pair[pair.index(after: eq)...].trimmingCharacters(in: .whitespaces))
            guard value.count >= 2, value.first == "\"", value.last == "\"" else { return nil }
            value = value.dropFirst().dropLast()
            guard fields.updateValue(String(value), forKey: name) == nil else { return nil }
        }
        guard fields.count == 5, let mchid = fields["mchid"], let nonce = fields["nonce_str"],
              let signature = fields["signature"], let timestamp = fields["timestamp"],
              let serial = fields["serial_no"] else { return nil }
        self.init(merchantID: mchid, nonce: nonce, signature: signature, timestamp: timestamp, serialNumber: serial)
    }

    /// The header value, parameters in WeChat Pay's documented order.
    public var headerValue: String {
        "\(WeChatPayHeader.scheme) mchid=\"\(merchantID)\",nonce_str=\"\(nonce)\",signature=\"\(signature)\","
            + "timestamp=\"\(timestamp)\",serial_no=\"\(serialNumber)\""
    }

    /// Whether the signature covers this request under the merchant's public key.
    /// The caller checks `timestamp` freshness and `serialNumber` against its own records.
    public func isValidSignature(method: String, urlPathWithQuery: String, body: [UInt8],
                                 publicKey: RSAPublicKey) -> Bool {
        guard let signatureBytes = Data(base64Encoded: signature) else { return false }
        let message = WeChatPayMessage.request(method: method, urlPathWithQuery: urlPathWithQuery,
                                               timestamp: timestamp, nonce: nonce, body: body)
        return publicKey.verify(signature: [UInt8](signatureBytes), sha256: message)
    }
}
