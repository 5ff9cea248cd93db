import CheckoutAPI
import Foundation
import Testing

/// The hand-written JSON writer: separators, integers and RFC 8259 string escaping.
@Suite struct JSONWriterTests {
    func written(_ body: (inout JSONWriter) -> Void) -> String {
        var json = JSONWriter()
        body(&json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    @Test func nestedContainersGetCommasAndColonsInTheRightPlaces() {
        let text = written { json in
            json.beginObject()
            json.field("a", "x")
            json.key("list")
            json.beginArray()
            json.int(1)
            json.beginObject()
            json.endObject()
            json.beginArray()
            json.endArray()
            json.null()
            json.endArray()
            json.field("n", nil as Int64?)
            json.field("b", false)
            json.endObject()
        }
        #expect(text == #"{"a":"x","list":[1,{},[],null],"n":null,"b":false}"#)
    }

    @Test(arguments: [Int64.min, -1_000_000_007, -10, -9, -1, 0, 1, 9, 10, 99, 100, 1_234_567_890, Int64.max])
    func integersAreWrittenInDecimal(value: Int64) {
        #expect(written { $0.int(value) } == String(value))
    }

    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        let text = written { $0.string("a\"b\\c\n\r\t\u{08}\u{0C}\u{00}\u{01}\u{1F}/é\u{7F}") }
        #expect(text == #""a\"b\\c\n\r\t\b\f\u0000\u0001\u001f/é\#u{7F}""#)
    }

    @Test func lineAndParagraphSeparatorsAreEscapedButOtherThreeByteCharactersAreNot() {
        let text = written { $0.string("x\u{2028}y\u{2029}z\u{2027}€中文\u{202A}😀") }
        #expect(text == #""x\u2028y\u2029z\#u{2027}€中文\#u{202A}😀""#)
    }

    @Test(arguments: ["\"", "\\", "\n", "\u{1F}", "\u{2028}", "\u{2029}"])
    func aCharacterNeedingAnEscapeIsFoundAtEveryPositionOfTheWordScan(special: String) {
        let escaped = written { $0.string(special) }.dropFirst().dropLast()
        for position in 0..<24 {
            let text = String(repeating: "a", count: position) + special + String(repeating: "é", count: 3)
                + String(repeating: "b", count: 23 - position)
            let expected = "\"" + String(repeating: "a", count: position) + escaped + String(repeating: "é", count: 3)
                + String(repeating: "b", count: 23 - position) + "\""
            #expect(written { $0.string(text) } == expected, "at \(position)")
        }
        let plain = "plain ASCII, 中文 and “quotes” of more than eight bytes"
        #expect(written { $0.string(plain) } == "\"" + plain + "\"")
    }

    @Test func everyScalarRoundTripsThroughAJSONParser() throws {
        var scalars = (0..<0x100).compactMap(Unicode.Scalar.init).map(String.init).joined()
        scalars += "\u{2028}\u{2029}\u{FFFF}\u{10FFFF}\u{E2}\u{80}"
        let cases = [scalars, "", "\u{2028}", "\u{E2}\u{2028}", "ends with E2 lead: \u{2000}", String(repeating: "\"", count: 40)]
        for text in cases {
            let object = written { json in
                json.beginObject()
                json.field("value", text)
                json.endObject()
            }
            let parsed = try JSONSerialization.jsonObject(with: Data(object.utf8)) as? [String: String]
            #expect(parsed == ["value": text])
        }
    }

    @Test func memberNames_AreTheLiteralsAsWritten() {
        let object = written { json in
            json.beginObject()
            json.field("shop_id", "s")
            json.field("stock", nil as Int64?)
            json.key("data")
            json.beginArray()
            json.endArray()
            json.endObject()
        }
        #expect(object == #"{"shop_id":"s","stock":null,"data":[]}"#)
    }
}
