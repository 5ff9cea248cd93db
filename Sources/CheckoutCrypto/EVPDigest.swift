internal import COpenSSL

/// One-shot digests through OpenSSL's `EVP_Digest`.
enum EVPDigest {
    /// SHA-256 and MD5 fetched from the default provider once. `EVP_sha256()` is a legacy
    /// handle that OpenSSL 3 looks up in its provider store on every init (about 7k
    /// instructions a digest); a fetched one is used as it is. Never freed (process lifetime).
    nonisolated(unsafe) static let sha256: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil) ?? EVP_sha256()
    nonisolated(unsafe) static let md5: OpaquePointer? = EVP_MD_fetch(nil, "MD5", nil) ?? EVP_md5()

    /// The `length`-byte digest of `data` with `md`.
    static func hash(_ data: [UInt8], _ md: OpaquePointer?, length: Int, name: String) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: length)
        var written: UInt32 = 0
        let ok = data.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &written, md, nil)
            }
        }
        // EVP_Digest with a built-in algorithm fails only if memory is exhausted.
        precondition(ok == 1 && Int(written) == length, "EVP_Digest(\(name)) failed: \(CryptoError.drainOpenSSLErrors())")
        return digest
    }
}
