@testable import CheckoutAPI
import CheckoutHTTP
import Testing

/// The byte match of the common `Content-Type` values accepts only what the full check accepts.
@Suite struct JSONContentTypeScanTests {
    static func fullCheckAccepts(_ value: String) -> Bool {
        do throws(APIError) {
            try Request.checkJSONContentType(value)
            return true
        } catch {
            return false
        }
    }

    @Test(arguments: ["application/json", "APPLICATION/JSON", "Application/Json; Charset=UTF-8",
                      "application/json; charset=utf-8"])
    func commonValues_TakeTheByteMatch(value: String) {
        #expect(Request.isPlainJSONContentType(value.utf8))
        #expect(Self.fullCheckAccepts(value))
    }

    @Test(arguments: ["application/jsonx", "application/json ", "application\u{0F}json", "application/json;charset=utf-8",
                      "text/json", "application/json; charset=latin1", "", "application/json; charset=utf-8; x=y"])
    func otherValues_TakeTheFullCheck(value: String) {
        #expect(!Request.isPlainJSONContentType(value.utf8))
    }

    @Test func randomValues_NeverAcceptedByTheByteMatchAlone() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["application", "APPLICATION", "/", "\u{0F}", "json", "JSON", ";", " ", "charset", "=", "utf-8", "UTF-8",
                      "utf8", "\"", "x", "\u{212A}"]
        var matched = 0
        for _ in 0..<5_000 {
            let value = (0..<Int.random(in: 0...7, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            if Request.isPlainJSONContentType(value.utf8) {
                matched += 1
                #expect(Self.fullCheckAccepts(value), "\(value.debugDescription)")
            }
        }
        // Also every byte-match value built from the pieces on purpose.
        for value in ["application" + "/" + "json", "APPLICATION" + "/" + "JSON" + ";" + " " + "charset" + "=" + "UTF-8"] {
            #expect(Request.isPlainJSONContentType(value.utf8) && Self.fullCheckAccepts(value))
        }
        _ = matched
    }
}
