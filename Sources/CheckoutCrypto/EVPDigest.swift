internal import COpenSSL

/// One-shot digests through OpenSSL's `EVP_Digest`.
enum EVPDigest {
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
