internal import COpenSSL

/// Cryptographically secure random bytes and tokens from OpenSSL's CSPRNG (RAND_bytes).
public enum SecureRandom {
    private static let alphanumerics = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `count` random bytes.
    ///
    /// A failing system CSPRNG leaves nothing safe to do, so it stops the process rather than
    /// hand out predictable secrets.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        var out = [UInt8](repeating: 0, count: count)
        if count == 0 { return out }
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard ok == 1 else { fatalError("RAND_bytes failed: \(CryptoError.drainOpenSSLErrors())") }
        return out
    }

    /// Fills `buffer` with random bytes (for callers that draw in bulk: `RandomPool`).
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        precondition(buffer.count <= Int(Int32.max), "too many random bytes at once")
        guard RAND_bytes(base.assumingMemoryBound(to: UInt8.self), Int32(buffer.count)) == 1 else {
            fatalError("RAND_bytes failed: \(CryptoError.drainOpenSSLErrors())")
        }
    }

    /// An unguessable token: `prefix` followed by `bytes` random bytes in unpadded base64url.
    /// - Parameters:
    ///   - prefix: a readable marker such as `"sk_"`; not secret.
    ///   - bytes: the entropy in bytes; the default 24 gives 192 bits.
    public static func token(prefix: String = "", bytes: Int = 24) -> String {
        prefix + Base64URL.encode(self.bytes(count: bytes))
    }

    /// `count` characters drawn uniformly from `[0-9A-Za-z]` (about 5.95 bits each), as
    /// WeChat Pay expects for `nonce_str` and resource nonces.
    public static func alphanumeric(count: Int) -> String {
        var out = [UInt8]()
        out.reserveCapacity(count)
        while out.count < count {
            // Rejection sampling: 248 = 4 * 62, so accepted bytes map uniformly.
            for byte in bytes(count: count - out.count + 8) where byte < 248 {
                out.append(alphanumerics[Int(byte % 62)])
                if out.count == count { break }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
