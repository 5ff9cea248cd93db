internal import COpenSSL

/// MD5 through OpenSSL's EVP interface: only for QQ Wallet's signature scheme (and WeChat Pay
/// v2's), which prescribes it. Never use it for anything that must resist collisions.
public enum MD5 {
    /// The 16-byte digest of `data`.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        EVPDigest.hash(data, EVPDigest.md5, length: 16, name: "MD5")
    }

    /// The digest of the UTF-8 bytes of `string` as 32 uppercase hex digits.
    public static func upperHex(_ string: String) -> String {
        Hex.encode(hash(Array(string.utf8)), uppercase: true)
    }
}
