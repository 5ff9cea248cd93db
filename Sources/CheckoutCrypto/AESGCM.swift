internal import COpenSSL

/// AES-256-GCM authenticated encryption (WeChat Pay's `AEAD_AES_256_GCM`).
///
/// The sealed form is `ciphertext || 16-byte tag`, exactly what WeChat Pay base64-encodes
/// into a notification's `resource.ciphertext`.
public enum AESGCM {
    /// The key length: 32 bytes (AES-256). WeChat Pay's APIv3 key is 32 ASCII characters.
    public static let keyByteCount = 32
    /// The authentication tag length: 16 bytes.
    public static let tagByteCount = 16
    /// The recommended nonce length: 12 bytes (WeChat Pay uses 12 ASCII characters).
    public static let nonceByteCount = 12

    /// Encrypts and authenticates `plaintext`.
    /// - Parameters:
    ///   - plaintext: the bytes to encrypt.
    ///   - key: 32 bytes.
    ///   - nonce: unique per key; 12 bytes recommended, any non-empty length accepted.
    ///   - associatedData: authenticated but not encrypted (WeChat Pay's `associated_data`).
    /// - Returns: the ciphertext followed by the 16-byte tag.
    public static func seal(plaintext: [UInt8], key: [UInt8], nonce: [UInt8],
                            associatedData: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        let ctx = try makeContext(encrypt: true, key: key, nonce: nonce)
        defer { EVP_CIPHER_CTX_free(ctx) }
        try authenticate(ctx, associatedData)
        var out = [UInt8](repeating: 0, count: plaintext.count + tagByteCount)
        var written: Int32 = 0, final: Int32 = 0
        let ok = out.withUnsafeMutableBufferPointer { buffer -> Bool in
            let base = buffer.baseAddress!
            if !plaintext.isEmpty {
                let updated = plaintext.withUnsafeBufferPointer {
                    EVP_EncryptUpdate(ctx, base, &written, $0.baseAddress, Int32($0.count))
                }
                guard updated == 1 else { return false }
            }
            guard EVP_EncryptFinal_ex(ctx, base + Int(written), &final) == 1 else { return false }
            return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagByteCount),
                                       base + Int(written + final)) == 1
        }
        guard ok, Int(written + final) == plaintext.count else { throw CryptoError(.library, "AES-256-GCM encrypt") }
        return out
    }

    /// Checks the tag and decrypts.
    /// - Parameters:
    ///   - ciphertext: the ciphertext followed by its 16-byte tag.
    ///   - key: 32 bytes.
    ///   - nonce: the nonce used to seal.
    ///   - associatedData: the associated data used to seal.
    /// - Throws: `CryptoError.Code.authenticationFailed` if anything was altered or the key is
    ///   wrong; `.invalidInput` if `ciphertext` is shorter than a tag; `.invalidKey`.
    public static func open(ciphertext: [UInt8], key: [UInt8], nonce: [UInt8],
                            associatedData: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        guard ciphertext.count >= tagByteCount else {
            throw CryptoError(.invalidInput, "AES-GCM input shorter than its \(tagByteCount)-byte tag")
        }
        let ctx = try makeContext(encrypt: false, key: key, nonce: nonce)
        defer { EVP_CIPHER_CTX_free(ctx) }
        try authenticate(ctx, associatedData)
        let bodyCount = ciphertext.count - tagByteCount
        var tag = Array(ciphertext[bodyCount...])
        var out = [UInt8](repeating: 0, count: bodyCount + tagByteCount)
        var written: Int32 = 0, final: Int32 = 0
        let updated = out.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard bodyCount > 0 else { return true }
            return ciphertext.withUnsafeBufferPointer {
                EVP_DecryptUpdate(ctx, buffer.baseAddress, &written, $0.baseAddress, Int32(bodyCount))
            } == 1
        }
        guard updated, EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagByteCount), &tag) == 1 else {
            throw CryptoError(.library, "AES-256-GCM decrypt")
        }
        let verified = out.withUnsafeMutableBufferPointer {
            EVP_DecryptFinal_ex(ctx, $0.baseAddress! + Int(written), &final)
        }
        guard verified == 1 else {
            CryptoError.clearOpenSSLErrors()
            throw CryptoError(.authenticationFailed, "AES-256-GCM tag mismatch")
        }
        return Array(out.prefix(Int(written + final)))
    }

    private static func makeContext(encrypt: Bool, key: [UInt8], nonce: [UInt8]) throws(CryptoError) -> OpaquePointer {
        guard key.count == keyByteCount else {
            throw CryptoError(.invalidKey, "AES-256-GCM key must be \(keyByteCount) bytes, got \(key.count)")
        }
        guard !nonce.isEmpty else { throw CryptoError(.invalidInput, "AES-GCM nonce is empty") }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError(.library, "EVP_CIPHER_CTX_new") }
        let initialise = encrypt ? EVP_EncryptInit_ex : EVP_DecryptInit_ex
        let ok = initialise(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1
            && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(nonce.count), nil) == 1
            && key.withUnsafeBufferPointer { k in
                nonce.withUnsafeBufferPointer { n in initialise(ctx, nil, nil, k.baseAddress, n.baseAddress) }
            } == 1
        guard ok else {
            EVP_CIPHER_CTX_free(ctx)
            throw CryptoError(.library, "AES-256-GCM init")
        }
        return ctx
    }

    private static func authenticate(_ ctx: OpaquePointer, _ associatedData: [UInt8]) throws(CryptoError) {
        guard !associatedData.isEmpty else { return }
        var ignored: Int32 = 0
        let ok = associatedData.withUnsafeBufferPointer { aad in
            EVP_CipherUpdate(ctx, nil, &ignored, aad.baseAddress, Int32(aad.count))
        }
        guard ok == 1 else { throw CryptoError(.library, "AES-256-GCM associated data") }
    }
}
