@testable import CheckoutAPI
import CheckoutHTTP
import CheckoutTesting
import Testing

/// The byte scan of a click's query answers exactly as `Request.queryItems["scene"]`.
@Suite struct ShareClickQueryTests {
    static func scanned(_ target: String) -> String? {
        ShareClickQuery.scene(of: Request(method: .get, target: target))
    }

    static func items(_ target: String) -> String? {
        Request(method: .get, target: target).queryItems["scene"]
    }

    @Test(arguments: [
        "/s/abc", "/s/abc?", "/s/abc?scene=1008", "/s/abc?scene=", "/s/abc?scene", "/s/abc?scene=1008&scene=1007",
        "/s/abc?scene=1008&scene", "/s/abc?a=1&scene=1044&b=2", "/s/abc?&&scene=1011&&", "/s/abc?Scene=1008",
        "/s/abc?sc%65ne=1036", "/s/abc?scene=%31%30%30%38", "/s/abc?scene=10+08", "/s/abc?scene=%zz", "/s/abc?scene=%3",
        "/s/abc?scene=a=b", "/s/abc?=1008", "/s/abc?scene%3D1008", "/s/abc?scene=%C3%A9", "/s/abc?scene=%FF",
        "/s/abc?scene=1008&%73cene=2003", "/s/abc?scene+=1008", "/s/abc?scene=é", "/s/abc?x=é&scene=1008",
        "/s/abc?scene=1008&\u{301}scene=1", "http://host/s/abc?scene=1008", "/s/abc?scene=1008#frag",
    ])
    func knownQueries_AnswerAsTheQueryItems(target: String) {
        #expect(Self.scanned(target) == Self.items(target), "\(target.debugDescription)")
    }

    @Test func theSceneOfAPlainClickIsItsDigits() {
        #expect(Self.scanned("/s/abc?scene=1008") == "1008")
        #expect(Self.scanned("/s/abc?from=qq&scene=2003&scene=1007") == "1007")
        #expect(Self.scanned("/s/abc") == nil)
    }

    /// Random queries built from the pieces that matter (separators, escapes, `+`, non-ASCII):
    /// the scan and the query items agree on every one. Replay with the seed in the message.
    @Test func randomQueries_AnswerAsTheQueryItems() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SplitMix64(seed: seed)
        let pieces = ["scene", "scene", "sc", "ene", "=", "=", "&", "&", "1008", "2", "%", "%3", "%31", "%73", "%zz", "+",
                      "%2B", "%26", "%3D", "é", "\u{301}", "a", "S", " "]
        for _ in 0..<4_000 {
            let query = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let target = "/s/abc?" + query
            #expect(Self.scanned(target) == Self.items(target), "seed \(seed): \(query.debugDescription)")
        }
    }
}
