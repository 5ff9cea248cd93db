import CheckoutCrypto

/// Bearer secrets (shop keys `sk_…`, session tokens): generated with 256 bits from the system
/// CSPRNG, stored only as SHA-256 hex, compared in constant time.
public enum SecretToken {
    /// Prefix of shop secret keys.
    public static let shopKeyPrefix = "sk_"
    /// Prefix of shopper session tokens.
    public static let sessionPrefix = "sess_"

    /// A new secret: `prefix` + 43 base62 characters (about 256 bits), drawn from the system
    /// CSPRNG directly (never waiting in a `RandomPool`).
    public static func generate(prefix: String) -> String {
        var generator = SystemWords()
        return prefix + Base62.random(count: 43, using: &generator)
    }

    /// The system CSPRNG a word at a time. It keeps a count so it is never a zero-sized value:
    /// an `inout` zero-sized value handed through unspecialized generic code reaches
    /// ThreadSanitizer's access check with an address that is not one (a SEGV in `make test-tsan`).
    struct SystemWords: RandomNumberGenerator {
        private(set) var drawn = 0

        mutating func next() -> UInt64 {
            drawn += 1
            var system = SystemRandomNumberGenerator()
            return system.next()
        }
    }

    /// The lowercase hex SHA-256 of the secret's UTF-8 bytes: what the database keeps.
    public static func hash(_ secret: String) -> String {
        SHA256.hex(secret)
    }

    /// Whether `secret` hashes to `storedHash`, compared in constant time.
    public static func matches(_ secret: String, storedHash: String) -> Bool {
        ConstantTime.equals(hash(secret), storedHash)
    }
}
