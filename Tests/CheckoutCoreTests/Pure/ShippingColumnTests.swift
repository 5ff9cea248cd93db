import Foundation
import Testing
@testable import CheckoutCore

/// The hand-written shipping column against what `JSONEncoder` (sorted keys, unescaped slashes)
/// wrote before it: the same bytes for every address, including escapes and non-ASCII text.
@Suite struct ShippingColumnTests {
    private func encoderJSON(_ shipping: Shipping) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(shipping), as: UTF8.self)
    }

    @Test func theColumnIsWhatJSONEncoderWrote() throws {
        let addresses = [
            Shipping(name: "Li Lei", phone: "+86 138-0000-0000", address: "1 Test Road, Shanghai"),
            Shipping(name: "韩梅梅", phone: "138", address: "上海市/浦东 \"1\" 号\\2", postalCode: "200000"),
            Shipping(name: "a\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}", phone: "", address: "🍵 \u{2028}\u{2029}"),
        ]
        for shipping in addresses {
            #expect(shipping.columnJSON == (try encoderJSON(shipping)))
        }
        #expect(addresses[0].columnJSON
            == #"{"address":"1 Test Road, Shanghai","name":"Li Lei","phone":"+86 138-0000-0000","postal_code":null}"#)
    }

    @Test func randomAddressesEncodeAlike() throws {
        var random = SystemRandomNumberGenerator()
        let pieces: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1F}", "é", "中", "🍵", "\u{7F}", "\u{2028}"]
        for _ in 0..<500 {
            func text() -> String { String((0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }) }
            let shipping = Shipping(name: text(), phone: text(), address: text(), postalCode: Bool.random(using: &random) ? text() : nil)
            #expect(shipping.columnJSON == (try encoderJSON(shipping)), "\(shipping)")
            #expect(try JSONDecoder().decode(Shipping.self, from: Data(shipping.columnJSON.utf8)) == shipping)
        }
    }
}
