import CheckoutHTTP

/// The four request headers a share click reads, found in one pass over the fields (each
/// lookup by name would scan them all again). Same answers as the lookups: the first `Accept`
/// and `User-Agent`, the first well-formed `cc_vid` of the `Cookie` headers in order, and
/// whether any `Authorization` header was sent.
public struct ShareClickHeaders: Sendable {
    /// The first `Accept` header mentions `application/json`.
    public var wantsJSON = false
    public var userAgent: String?
    /// The visitor id of the `cc_vid` cookie (`VisitorCookie.visitorID(in:)`).
    public var visitorID: String?
    /// An `Authorization` header is present (the caller may be a signed-in shopper).
    public var hasAuthorization = false

    public init(_ fields: HTTPFields) {
        var sawAccept = false
        for field in fields {
            let name = field.name.utf8
            switch name.count {
            case 6 where Self.named(name, Self.accept):
                if !sawAccept { wantsJSON = Self.acceptsJSON(field.value) }
                sawAccept = true
            case 6 where Self.named(name, Self.cookie):
                if visitorID == nil { visitorID = VisitorCookie.visitorID(inCookie: field.value) }
            case 10 where Self.named(name, Self.userAgentName):
                if userAgent == nil { userAgent = field.value }
            case 13 where Self.named(name, Self.authorization):
                hasAuthorization = true
            default:
                break
            }
        }
    }

    private static let accept = Array("accept".utf8)
    private static let cookie = Array("cookie".utf8)
    private static let userAgentName = Array("user-agent".utf8)
    private static let authorization = Array("authorization".utf8)
    private static let json = Array("application/json".utf8)

    /// Whether a field name is `lowercase` in any case (RFC 9110 §5.1): only letters fold.
    private static func named(_ name: String.UTF8View, _ lowercase: [UInt8]) -> Bool {
        var index = 0
        for byte in name {
            guard index < lowercase.count else { return false }
            let target = lowercase[index]
            guard byte == target || (target >= 0x61 && target <= 0x7A && byte | 0x20 == target) else { return false }
            index += 1
        }
        return index == lowercase.count
    }

    /// Whether an `Accept` value mentions `application/json`, in any case.
    static func acceptsJSON(_ accept: String) -> Bool {
        let text = Array(accept.utf8)
        guard text.count >= json.count else { return false }
        for start in 0...(text.count - json.count) {
            var index = 0
            while index < json.count {
                let byte = text[start + index]
                guard (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == json[index] else { break }
                index += 1
            }
            if index == json.count { return true }
        }
        return false
    }
}
