@testable import CheckoutAPI
import CheckoutHTTP
import Testing

/// The byte scan of `Authorization` answers exactly as the Character split it replaced.
@Suite struct BearerTokenScanTests {
    /// The token or the 401 message, from either path.
    static func outcome(_ read: () throws(APIError) -> String?) -> String {
        do throws(APIError) { return "token " + (try read() ?? "nil") } catch { return "error " + error.description }
    }

    static func scanned(_ value: String) -> String {
        outcome { () throws(APIError) in try Authenticator.bearerToken(HTTPFields([("Authorization", value)])) }
    }

    static func split(_ value: String) -> String {
        outcome { () throws(APIError) in try Authenticator.splitBearerToken(value) }
    }

    @Test(arguments: ["Bearer abc", "bearer abc", "BEARER abc", "BeArEr abc", "  Bearer   abc  ", "Bearer", "Bearer ",
                      "Bearer a b", "Bearerabc", "Bearer\tabc", "Basic abc", "Bearer sk_" + String(repeating: "x", count: 509),
                      "Bearer sk_" + String(repeating: "x", count: 510), "Bearer tok\u{7F}en", "Bearer a==", "Bearers abc",
                      "Bearer  ", " ", "", "Cearer abc", "Bearer a/b+c~d.e-f_g"])
    func knownValues_AnswerAsTheSplit(value: String) {
        #expect(Self.scanned(value) == Self.split(value))
    }

    @Test func randomASCIIValues_AnswerAsTheSplit() {
        var rng = SystemRandomNumberGenerator()
        let pieces = [" ", " ", "  ", "Bearer", "bearer", "BEARER", "bEaReR", "b", "B", "r", "x", "sk_", "=", "~", "\t",
                      "\u{7F}", "\u{01}", "/", "é"]
        for _ in 0..<3_000 {
            let value = (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(Self.scanned(value) == Self.split(value), "\(value.debugDescription)")
        }
    }
}
