internal import COpenSSL

/// SHA-256 (FIPS 180-4) through OpenSSL's EVP interface.
public enum SHA256 {
    /// The digest length in bytes.
    public static let byteCount = 32

    /// The 32-byte digest of `data`.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest with a built-in algorithm fails only if memory is exhausted.
        precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed: \(CryptoError.drainOpenSSLErrors())")
        return digest
    }

    /// The digest of the UTF-8 bytes of `string`.
    public static func hash(_ string: String) -> [UInt8] { hash(Array(string.utf8)) }

    /// The digest of `data` as 64 lowercase hex digits.
    public static func hex(_ data: [UInt8]) -> String { Hex.encode(hash(data)) }

    /// The digest of the UTF-8 bytes of `string` as 64 lowercase hex digits.
    public static func hex(_ string: String) -> String { hex(Array(string.utf8)) }
}
