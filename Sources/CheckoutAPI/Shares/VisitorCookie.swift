import CheckoutCore
import CheckoutHTTP

/// The first-party visitor cookie `cc_vid` that names a viewer without a session
/// (API.md "Details that callers rely on"): HttpOnly, SameSite=Lax, one year.
public enum VisitorCookie {
    public static let name = "cc_vid"
    /// Values this server makes: `v` + 22 base62 characters: 7 of the time it was made, then
    /// 15 random (about 89 bits).
    static let bodyLength = 22
    static let timeLength = 7
    static let maxAgeSeconds = 365 * 86_400

    /// A new visitor id: the millisecond it was made in 7 fixed-width base62 digits, then 15
    /// random characters. Later ids sort after earlier ones, so a burst of new visitors appends
    /// to the end of a link's `(code, viewer)` rows instead of writing one B-tree page each
    /// (each page is a WAL frame to write and fsync before the clicks are answered).
    static func generate(at time: Timestamp = SystemClock().now()) -> String {
        "v" + Base62.digits(of: UInt64(clamping: time.milliseconds), width: timeLength)
            + Base62.random(count: bodyLength - timeLength)
    }

    /// The visitor id of the request's `Cookie` header(s), when one is present and well formed.
    /// Cookie pairs are `name=value` separated by `;` (RFC 6265 §4.2.1); a malformed or foreign
    /// value is ignored (a new id is then issued).
    public static func visitorID(in headers: HTTPFields) -> String? {
        for header in headers.values(for: "Cookie") {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " || $0 == "\t" }
                guard trimmed.hasPrefix(name + "=") else { continue }
                var value = trimmed.dropFirst(name.count + 1)
                while value.last == " " || value.last == "\t" { value = value.dropLast() }
                if isWellFormed(value) { return String(value) }
            }
        }
        return nil
    }

    /// Whether `value` is an id this server makes.
    public static func isWellFormed(_ value: Substring) -> Bool {
        value.utf8.count == bodyLength + 1 && value.first == "v" && Base62.isBase62(value.dropFirst())
    }

    /// The `Set-Cookie` value that stores `visitorID` for a year (`Secure` over TLS).
    static func setCookie(_ visitorID: String, secure: Bool) -> String {
        "\(name)=\(visitorID); Path=/; Max-Age=\(maxAgeSeconds); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }
}
