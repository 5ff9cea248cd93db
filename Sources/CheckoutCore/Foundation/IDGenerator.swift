/// Makes object ids; injected so tests can predict them when they need to.
public protocol IDGenerator: Sendable {
    /// A new id of `kind`: its prefix plus an opaque, unguessable body.
    func makeID(_ kind: IDKind) -> String
}

/// Ids of the prefix plus 22 base62 characters drawn from the system CSPRNG (about 131 bits).
///
/// The longest, `shop_` + 22, is 27 characters; order ids (`ord_` + 22 = 26) fit WeChat Pay's
/// `out_trade_no` (at most 32 of `[A-Za-z0-9_-]`).
public struct RandomIDGenerator: IDGenerator {
    public static let bodyLength = 22

    public init() {}

    public func makeID(_ kind: IDKind) -> String {
        kind.prefix + Base62.random(count: Self.bodyLength)
    }
}

/// Base62 text (`0-9A-Za-z`): URL-safe, case-sensitive, no punctuation.
public enum Base62 {
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `value` in `count` base62 digits, most significant first, zero-padded (`value` modulo
    /// 62^count): fixed-width texts sort as their values do.
    public static func digits(_ value: UInt64, count: Int) -> String {
        var digits = [UInt8](repeating: alphabet[0], count: count)
        var rest = value
        for index in digits.indices.reversed() {
            digits[index] = alphabet[Int(rest % 62)]
            rest /= 62
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// `count` characters, each uniform over the 62 symbols, from `SystemRandomNumberGenerator`.
    public static func random(count: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        for _ in 0..<count {
            bytes.append(alphabet[Int.random(in: 0..<62, using: &rng)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether every character of `text` is base62.
    public static func isBase62(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { alphabet.contains($0) }
    }
}
