/// Makes object ids; injected so tests can predict them when they need to.
public protocol IDGenerator: Sendable {
    /// A new id of `kind`: its prefix plus an opaque, unguessable body.
    func makeID(_ kind: IDKind) -> String
}

/// Ids of the prefix plus 22 base62 characters from a CSPRNG (about 131 bits), drawn
/// through the shared `RandomPool` (OpenSSL's CSPRNG in bulk: no system call per id).
///
/// Order ids are the exception: 8 base62 digits of the creation millisecond, then 14 random
/// characters (about 83 bits). Orders placed one after another then sort next to each other in
/// the `orders` and `order_items` B-trees, so a batch of inserts dirties a few pages instead of
/// one random page per order and per index (every dirty page is a 4 KiB WAL frame at commit).
///
/// The longest, `shop_` + 22, is 27 characters; order ids (`ord_` + 22 = 26) fit WeChat Pay's
/// `out_trade_no` (at most 32 of `[A-Za-z0-9_-]`).
public struct RandomIDGenerator: IDGenerator {
    public static let bodyLength = 22
    /// Base62 digits of the millisecond at the start of an order id (62^8 ms is about 6,900 years).
    public static let timePrefixLength = 8

    public init() {}

    public func makeID(_ kind: IDKind) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(kind.prefix.utf8.count + Self.bodyLength)
        bytes.append(contentsOf: kind.prefix.utf8)
        var randomCount = Self.bodyLength
        if kind == .order {
            Base62.appendDigits(of: UInt64(clamping: SystemClock().now().milliseconds), width: Self.timePrefixLength,
                                to: &bytes)
            randomCount -= Self.timePrefixLength
        }
        Base62.appendRandom(count: randomCount, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Base62 text (`0-9A-Za-z`): URL-safe, case-sensitive, no punctuation.
public enum Base62 {
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `count` characters, each uniform over the 62 symbols, from the shared `RandomPool`.
    public static func random(count: Int) -> String {
        var generator = PooledRandomNumberGenerator()
        return random(count: count, using: &generator)
    }

    /// `count` characters, each uniform over the 62 symbols, from `generator`.
    public static func random(count: Int, using generator: inout some RandomNumberGenerator) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        appendRandom(count: count, to: &bytes, using: &generator)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `count` random base62 characters from the shared `RandomPool` to `bytes`.
    public static func appendRandom(count: Int, to bytes: inout [UInt8]) {
        var generator = PooledRandomNumberGenerator()
        appendRandom(count: count, to: &bytes, using: &generator)
    }

    /// Appends `count` random base62 characters from `generator` to `bytes`.
    ///
    /// Each 64-bit word yields ten 6-bit chunks; a chunk below 62 is a character, 62 and 63 are
    /// dropped, so every character stays uniform. About 1.6 words for a 15-character id.
    public static func appendRandom(count: Int, to bytes: inout [UInt8], using generator: inout some RandomNumberGenerator) {
        var needed = count
        while needed > 0 {
            var bits = generator.next()
            for _ in 0..<10 where needed > 0 {
                let chunk = Int(bits & 0x3F)
                bits >>= 6
                if chunk < 62 {
                    bytes.append(alphabet[chunk])
                    needed -= 1
                }
            }
        }
    }

    /// `value` as `width` base62 digits, most significant first (the lowest `width` digits), so
    /// that texts of equal width sort as their values.
    public static func digits(of value: UInt64, width: Int) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(width)
        appendDigits(of: value, width: width, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `digits(of: value, width: width)` to `bytes`.
    public static func appendDigits(of value: UInt64, width: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(alphabet[0], count: width))
        var rest = value
        for index in stride(from: start + width - 1, through: start, by: -1) {
            bytes[index] = alphabet[Int(rest % 62)]
            rest /= 62
        }
    }

    /// Whether every character of `text` is base62.
    public static func isBase62(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy(isBase62)
    }

    /// Whether `byte` is a base62 character.
    @inlinable
    public static func isBase62(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            true
        default:
            false
        }
    }
}
