internal import COpenSSL

/// An RSA public key that verifies RSA-SHA256 PKCS#1 v1.5 signatures.
public struct RSAPublicKey: Sendable {
    let key: EVPKey

    /// Reads a public key from PEM: `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo, as WeChat Pay's
    /// platform public keys come), `BEGIN RSA PUBLIC KEY` (PKCS#1), or `BEGIN CERTIFICATE`
    /// (an X.509 platform certificate, whose key is extracted).
    /// - Throws: `CryptoError.Code.invalidKey` if no RSA public key can be read.
    public init(pem: String) throws(CryptoError) {
        if pem.contains("-----BEGIN CERTIFICATE-----") {
            self = try X509Certificate(pem: pem).publicKey
            return
        }
        var pointer: OpaquePointer?
        let ok = EVPKey.withReadBIO(Array(pem.utf8)) { bio -> Bool in
            guard let dctx = OSSL_DECODER_CTX_new_for_pkey(&pointer, "PEM", nil, "RSA",
                                                          checkout_EVP_PKEY_PUBLIC_KEY(), nil, nil) else { return false }
            defer { OSSL_DECODER_CTX_free(dctx) }
            return OSSL_DECODER_from_bio(dctx, bio) == 1
        }
        guard ok, let pointer else { throw CryptoError(.invalidKey, "cannot read RSA public key PEM") }
        let key = EVPKey(taking: pointer)
        guard key.isRSA else { throw CryptoError(.invalidKey, "public key is not an RSA key") }
        self.key = key
    }

    init(key: EVPKey) { self.key = key }

    /// The modulus size in bits.
    public var bits: Int { key.bits }

    /// The key as SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`).
    public var pem: String {
        EVPKey.writeToString("PEM_write_bio_PUBKEY") { PEM_write_bio_PUBKEY($0, key.pointer) }
    }

    /// Whether `signature` is a valid RSA PKCS#1 v1.5 signature over SHA-256 of `message`.
    /// Any malformed input (wrong length, garbage) is simply `false`.
    public func verify(signature: [UInt8], sha256 message: [UInt8]) -> Bool {
        defer { CryptoError.clearOpenSSLErrors() }
        guard !signature.isEmpty, let ctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(ctx) }
        var pctx: OpaquePointer?
        guard EVP_DigestVerifyInit(ctx, &pctx, EVPDigest.sha256, nil, key.pointer) == 1,
              EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1 else { return false }
        let result = signature.withUnsafeBufferPointer { sig in
            message.withUnsafeBytes { input in
                EVP_DigestVerify(ctx, sig.baseAddress, sig.count, input.baseAddress, input.count)
            }
        }
        return result == 1
    }

    /// Verifies a signature over the UTF-8 bytes of `message` (see `verify(signature:sha256:)`).
    public func verify(signature: [UInt8], sha256 message: String) -> Bool {
        verify(signature: signature, sha256: Array(message.utf8))
    }
}
