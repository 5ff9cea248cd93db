import CheckoutCrypto
import Foundation

/// Decrypts and decodes the `resource` of verified WeChat Pay notifications with the
/// merchant's APIv3 key (AEAD_AES_256_GCM). Verify the signature first
/// (`WeChatPaySignatureVerifier`); decryption alone does not prove the sender.
public struct WeChatPayNotificationDecryptor: Sendable {
    /// The only algorithm API v3 defines.
    public static let algorithm = "AEAD_AES_256_GCM"
    private let apiV3Key: [UInt8]

    /// - Parameter apiV3Key: the 32-byte APIv3 key.
    /// - Throws: `.invalidKey` if it is not 32 bytes.
    public init(apiV3Key: [UInt8]) throws(WeChatPayDecryptionError) {
        guard apiV3Key.count == AESGCM.keyByteCount else { throw .invalidKey }
        self.apiV3Key = apiV3Key
    }

    /// - Parameter apiV3Key: the APIv3 key as set in the merchant platform: 32 ASCII characters.
    public init(apiV3Key: String) throws(WeChatPayDecryptionError) {
        try self.init(apiV3Key: Array(apiV3Key.utf8))
    }

    /// Decodes a notification body's outer JSON (nothing is decrypted yet).
    public static func decodeNotification(_ body: [UInt8]) throws(WeChatPayDecryptionError) -> WeChatPayNotification {
        try decodeJSON(WeChatPayNotification.self, from: body)
    }

    /// Authenticates and decrypts `resource`, returning the plaintext JSON bytes.
    public func decrypt(_ resource: WeChatPayNotification.Resource) throws(WeChatPayDecryptionError) -> [UInt8] {
        guard resource.algorithm == Self.algorithm else { throw .wrongAlgorithm(resource.algorithm) }
        guard let sealed = Data(base64Encoded: resource.ciphertext), sealed.count >= AESGCM.tagByteCount,
              !resource.nonce.isEmpty else { throw .malformedCiphertext }
        do {
            return try AESGCM.open(ciphertext: [UInt8](sealed), key: apiV3Key, nonce: Array(resource.nonce.utf8),
                                   associatedData: Array((resource.associatedData ?? "").utf8))
        } catch where error.code == .authenticationFailed {
            throw .authenticationFailed
        } catch {
            throw .malformedCiphertext
        }
    }

    /// Decrypts `resource` and decodes it as `type`.
    public func decode<T: Decodable>(_ type: T.Type, from resource: WeChatPayNotification.Resource)
        throws(WeChatPayDecryptionError) -> T {
        try Self.decodeJSON(type, from: decrypt(resource))
    }

    /// The payment inside a `TRANSACTION.*` notification.
    /// - Throws: `.unexpectedEventType` for any other event, or a decryption error.
    public func transaction(from notification: WeChatPayNotification) throws(WeChatPayDecryptionError) -> WeChatPayTransaction {
        guard notification.eventType.isTransaction else { throw .unexpectedEventType(notification.eventType.rawValue) }
        return try decode(WeChatPayTransaction.self, from: notification.resource)
    }

    /// The refund inside a `REFUND.*` notification.
    /// - Throws: `.unexpectedEventType` for any other event, or a decryption error.
    public func refund(from notification: WeChatPayNotification) throws(WeChatPayDecryptionError) -> WeChatPayRefund {
        guard notification.eventType.isRefund else { throw .unexpectedEventType(notification.eventType.rawValue) }
        return try decode(WeChatPayRefund.self, from: notification.resource)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(WeChatPayDecryptionError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw .malformedJSON(Self.describe(error))
        } catch {
            throw .malformedJSON("\(error)")
        }
    }

    /// A short reason naming the JSON path, never echoing payload values.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context).isEmpty ? "" : path(context) + ".")\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type at \(path(context))"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not JSON" : "invalid value at \(path(context))"
        @unknown default: return "undecodable"
        }
    }
}
