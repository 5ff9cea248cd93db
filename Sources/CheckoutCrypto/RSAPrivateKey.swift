import Foundation
internal import COpenSSL

/// An RSA private key that signs with RSA-SHA256 PKCS#1 v1.5 (WeChat Pay's `SHA256-RSA2048`).
public struct RSAPrivateKey: Sendable {
    let key: EVPKey

    /// Reads an unencrypted PEM private key: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1
    /// (`BEGIN RSA PRIVATE KEY`). Encrypted keys are refused, never prompted for.
    /// - Throws: `CryptoError.Code.invalidKey` if the PEM is unreadable or not an RSA key.
    public init(pem: String) throws(CryptoError) {
        let pointer = EVPKey.withReadBIO(Array(pem.utf8)) { bio in
            // A password callback that declines, so OpenSSL never reads from the terminal.
            PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in -1 }, nil)
        }
        guard let pointer else { throw CryptoError(.invalidKey, "cannot read RSA private key PEM") }
        let key = EVPKey(taking: pointer)
        guard key.isRSA else { throw CryptoError(.invalidKey, "private key is not an RSA key") }
        self.key = key
    }

    /// Reads a PEM private key from a file (see `init(pem:)`).
    /// - Parameter pemFile: the path, e.g. the merchant's `apiclient_key.pem`.
    public init(pemFile path: String) throws(CryptoError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CryptoError(.invalidKey, "cannot read key file \(path): \(error.localizedDescription)")
        }
        try self.init(pem: text)
    }

    init(key: EVPKey) { self.key = key }

    /// Generates a fresh key pair (for the sandbox platform and tests).
    /// - Parameter bits: the modulus size; WeChat Pay uses 2048.
    public static func generate(bits: Int = 2048) throws(CryptoError) -> RSAPrivateKey {
        guard bits >= 1024 else { throw CryptoError(.invalidInput, "RSA keys below 1024 bits are refused") }
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
            throw CryptoError(.library, "EVP_PKEY_CTX_new_from_name(RSA)")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, Int32(bits)) == 1 else {
            throw CryptoError(.library, "EVP_PKEY_keygen_init")
        }
        var pointer: OpaquePointer?
        guard EVP_PKEY_generate(ctx, &pointer) == 1, let pointer else {
            throw CryptoError(.library, "EVP_PKEY_generate")
        }
        return RSAPrivateKey(key: EVPKey(taking: pointer))
    }

    /// The modulus size in bits.
    public var bits: Int { key.bits }

    /// The matching public key.
    public var publicKey: RSAPublicKey { RSAPublicKey(key: key) }

    /// The private key as unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`). Treat as a secret.
    public var privateKeyPEM: String {
        EVPKey.writeToString("PEM_write_bio_PrivateKey") { bio in
            PEM_write_bio_PrivateKey(bio, key.pointer, nil, nil, 0, nil, nil)
        }
    }

    /// The public key as SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`).
    public var publicKeyPEM: String { publicKey.pem }

    /// Signs `message` with RSA PKCS#1 v1.5 over its SHA-256 digest.
    /// - Parameter message: the bytes to sign (hashed here, not by the caller).
    /// - Returns: the signature, `bits / 8` bytes.
    public func sign(sha256 message: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw CryptoError(.library, "EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        var pctx: OpaquePointer?
        guard EVP_DigestSignInit(ctx, &pctx, EVPDigest.sha256, nil, key.pointer) == 1,
              EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1 else {
            throw CryptoError(.library, "EVP_DigestSignInit")
        }
        var length = 0
        guard message.withUnsafeBytes({ EVP_DigestSign(ctx, nil, &length, $0.baseAddress, $0.count) }) == 1 else {
            throw CryptoError(.library, "EVP_DigestSign (size)")
        }
        var signature = [UInt8](repeating: 0, count: length)
        let ok = message.withUnsafeBytes { input in
            signature.withUnsafeMutableBufferPointer { out in
                EVP_DigestSign(ctx, out.baseAddress, &length, input.baseAddress, input.count)
            }
        }
        guard ok == 1 else { throw CryptoError(.library, "EVP_DigestSign") }
        return Array(signature.prefix(length))
    }

    /// Signs the UTF-8 bytes of `message` (see `sign(sha256:)` for bytes).
    public func sign(sha256 message: String) throws(CryptoError) -> [UInt8] {
        try sign(sha256: Array(message.utf8))
    }
}
