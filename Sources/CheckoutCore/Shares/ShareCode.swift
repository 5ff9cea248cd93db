/// Share-link codes: 12 base62 characters drawn from the system CSPRNG (about 71 bits), so no
/// code can be guessed from another, and a code fits a mini-program code's 32-character
/// `scene` parameter with room left.
public enum ShareCode {
    /// Length of the codes this server makes.
    public static let length = 12
    /// Lengths accepted when a code comes back in a request (API.md: 8+ chars, at most 12).
    public static let acceptedLengths = 8...12

    /// A new code.
    public static func generate() -> String {
        Base62.random(count: length)
    }

    /// Whether `text` can be a share code at all (checked before any lookup).
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        acceptedLengths.contains(text.utf8.count) && Base62.isBase62(text)
    }
}
