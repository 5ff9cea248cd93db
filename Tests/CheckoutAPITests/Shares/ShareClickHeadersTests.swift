@testable import CheckoutAPI
import CheckoutHTTP
import CheckoutTesting
import Testing

/// The one pass over a click's header fields answers as the lookups by name it replaced.
@Suite struct ShareClickHeadersTests {
    /// What the lookups by name answer: the first `Accept` and `User-Agent`, the first
    /// well-formed `cc_vid` of the `Cookie` headers, any `Authorization`.
    static func lookedUp(_ fields: HTTPFields) -> [String] {
        let accept = fields["Accept"].map { $0.lowercased().contains("application/json") } ?? false
        return ["\(accept)", fields["User-Agent"] ?? "-", VisitorCookie.visitorID(in: fields) ?? "-",
                "\(fields.contains("Authorization"))"]
    }

    static func scanned(_ fields: HTTPFields) -> [String] {
        let headers = ShareClickHeaders(fields)
        return ["\(headers.wantsJSON)", headers.userAgent ?? "-", headers.visitorID ?? "-", "\(headers.hasAuthorization)"]
    }

    static let visitor = "v0AbCdEf0123456789abcde"

    @Test func aBrowserClickIsReadWhole() {
        let headers = ShareClickHeaders(HTTPFields([
            ("Host", "shop.example"), ("user-agent", "Mozilla/5.0"), ("ACCEPT", "text/html, Application/JSON;q=0.9"),
            ("Cookie", "a=1; cc_vid=\(Self.visitor)"), ("Cookie", "cc_vid=v1111111111111111111111"),
        ]))
        #expect(headers.wantsJSON)
        #expect(headers.userAgent == "Mozilla/5.0")
        #expect(headers.visitorID == Self.visitor)
        #expect(!headers.hasAuthorization)
    }

    @Test(arguments: [
        "cc_vid=\(visitor)", " cc_vid=\(visitor) ", "\tcc_vid=\(visitor)\t", "a=b; cc_vid=\(visitor)", "a=b;cc_vid=\(visitor);c=d",
        "cc_vid=short; cc_vid=\(visitor)", "cc_vid=\(visitor)x", "xcc_vid=\(visitor)", "cc_vid =\(visitor)", "CC_VID=\(visitor)",
        "cc_vid=w0AbCdEf0123456789abcde", "cc_vid=v0AbCdEf0123456789abc-e", "cc_vid=", ";;", "", "cc_vid=\(visitor);",
        "cc_vid=v0AbCdEf0123456789abcdé",
    ])
    func cookieValues_FindTheWellFormedVisitorID(cookie: String) {
        let found = VisitorCookie.visitorID(inCookie: cookie)
        // The rule spelled out: a pair, trimmed of spaces and tabs, named cc_vid, holding a v and 22 base62.
        let expected = cookie.split(separator: ";", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: " \t") }
            .first { $0.hasPrefix("cc_vid=") && VisitorCookie.isWellFormed($0.dropFirst(7)) }
            .map { String($0.dropFirst(7)) }
        #expect(found == expected, "\(cookie.debugDescription)")
    }

    /// Random field lists (names in any case, repeats, near-miss names): one pass and the
    /// lookups agree. Replay with the seed in the message.
    @Test func randomFieldLists_AnswerAsTheLookups() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SplitMix64(seed: seed)
        let names = ["Accept", "accept", "ACCEPT", "Accepts", "Cookie", "cookie", "COOKIE", "Cookie2", "User-Agent",
                     "user-agent", "USER-AGENT", "User_Agent", "Authorization", "authorization", "Authorisation", "Host"]
        let values = ["application/json", "text/html", "APPLICATION/JSON; q=1", "application/jso", "Mozilla/5.0", "",
                      "cc_vid=\(Self.visitor)", "a=1; cc_vid=v2222222222222222222222", "cc_vid=bad", "Bearer sess_x"]
        for _ in 0..<3_000 {
            let fields = HTTPFields((0..<Int.random(in: 0...7, using: &random)).map { _ in
                (names.randomElement(using: &random)!, values.randomElement(using: &random)!)
            })
            #expect(Self.scanned(fields) == Self.lookedUp(fields), "seed \(seed): \(fields)")
        }
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return text
    }
}
