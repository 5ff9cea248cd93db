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
        var bytes: [UInt8] = [UInt8(ascii: "v")]
        bytes.reserveCapacity(1 + bodyLength)
        Base62.appendDigits(of: UInt64(clamping: time.milliseconds), width: timeLength, to: &bytes)
        Base62.appendRandom(count: bodyLength - timeLength, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The visitor id of the request's `Cookie` header(s), when one is present and well formed.
    public static func visitorID(in headers: HTTPFields) -> String? {
        for header in headers.values(for: "Cookie") {
            if let id = visitorID(inCookie: header) { return id }
        }
        return nil
    }

    /// The first well-formed `cc_vid` of one `Cookie` header value. Cookie pairs are
    /// `name=value` separated by `;` (RFC 6265 §4.2.1), scanned as bytes; spaces and tabs around
    /// a pair are ignored; a malformed or foreign value is skipped (a new id is then issued).
    public static func visitorID(inCookie header: String) -> String? {
        var rest = header.utf8[...]
        while !rest.isEmpty {
            let end = rest.firstIndex(of: UInt8(ascii: ";")) ?? rest.endIndex
            var pair = rest[rest.startIndex..<end]
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
            while let first = pair.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { pair = pair.dropFirst() }
            guard pair.starts(with: prefix) else { continue }
            pair = pair.dropFirst(prefix.count)
            while let last = pair.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { pair = pair.dropLast() }
            let value = Substring(pair)
            if isWellFormed(value) { return String(value) }
        }
        return nil
    }

    private static let prefix = Array((name + "=").utf8)

    /// Whether `value` is an id this server makes.
    public static func isWellFormed(_ value: Substring) -> Bool {
        value.utf8.count == bodyLength + 1 && value.utf8.first == UInt8(ascii: "v") && value.utf8.dropFirst().allSatisfy(Base62.isBase62)
    }

    /// What follows the id in `Set-Cookie`: a year, every path, not for scripts, not sent on
    /// cross-site subrequests.
    private static let attributes = "; Path=/; Max-Age=\(maxAgeSeconds); HttpOnly; SameSite=Lax"

    /// The `Set-Cookie` value that stores `visitorID` for a year (`Secure` over TLS).
    static func setCookie(_ visitorID: String, secure: Bool) -> String {
        var value = name + "="
        value.reserveCapacity(value.utf8.count + visitorID.utf8.count + attributes.utf8.count + 8)
        value += visitorID
        value += attributes
        if secure { value += "; Secure" }
        return value
    }
}
