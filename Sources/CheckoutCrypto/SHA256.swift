internal import COpenSSL

/// SHA-256 (FIPS 180-4) through OpenSSL's EVP interface.
public enum SHA256 {
    /// The digest length in bytes.
    public static let byteCount = 32

    /// The 32-byte digest of `data`.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        EVPDigest.hash(data, EVPDigest.sha256, length: byteCount, name: "SHA-256")
    }

    /// The digest of the UTF-8 bytes of `string`.
    public static func hash(_ string: String) -> [UInt8] { hash(Array(string.utf8)) }

    /// The digest of `data` as 64 lowercase hex digits.
    public static func hex(_ data: [UInt8]) -> String { Hex.encode(hash(data)) }

    /// The digest of the UTF-8 bytes of `string` as 64 lowercase hex digits.
    public static func hex(_ string: String) -> String { hex(Array(string.utf8)) }
}
