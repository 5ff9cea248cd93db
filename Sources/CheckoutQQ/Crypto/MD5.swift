internal import COpenSSL
import CheckoutWeChat

/// MD5 through OpenSSL's EVP interface: only for QQ Wallet's signature scheme, which
/// prescribes it. Never use it for anything that must resist collisions.
public enum MD5 {
    /// The 16-byte digest of `data`.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, EVP_md5(), nil)
            }
        }
        precondition(ok == 1 && length == 16, "EVP_Digest(MD5) failed")
        return digest
    }

    /// The digest of the UTF-8 bytes of `string` as 32 uppercase hex digits.
    public static func upperHex(_ string: String) -> String {
        Hex.encode(hash(Array(string.utf8)), uppercase: true)
    }
}
