/// Why a verified notification's `resource` could not be turned into a payment or refund.
public enum WeChatPayDecryptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The APIv3 key is not 32 bytes.
    case invalidKey
    /// `resource.algorithm` is not `AEAD_AES_256_GCM`; carries it.
    case wrongAlgorithm(String)
    /// `resource.ciphertext` is not base64 or is shorter than a GCM tag, or the nonce is empty.
    case malformedCiphertext
    /// The GCM tag did not match: ciphertext, associated data or nonce altered, or wrong APIv3 key.
    case authenticationFailed
    /// The notification or the decrypted resource is not the expected JSON; carries the reason.
    case malformedJSON(String)
    /// A transaction was asked of a refund notification or the reverse; carries `event_type`.
    case unexpectedEventType(String)

    public var description: String {
        switch self {
        case .invalidKey: "APIv3 key must be 32 bytes"
        case .wrongAlgorithm(let name): "unsupported resource algorithm \(name.prefix(40))"
        case .malformedCiphertext: "resource ciphertext is malformed"
        case .authenticationFailed: "resource failed AES-GCM authentication"
        case .malformedJSON(let reason): "malformed JSON: \(reason)"
        case .unexpectedEventType(let type): "unexpected event type \(type.prefix(40))"
        }
    }
}
