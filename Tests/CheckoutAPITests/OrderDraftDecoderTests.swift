import CheckoutCore
import CheckoutTesting
import Testing
@testable import CheckoutAPI

/// The hand-written order body decoder against `JSONBody.decode(OrderDraft.self)` (Foundation's
/// decoder with the contract's checks): the same draft or the same error for every text, whole,
/// cut at every length and mutated at random; and well-formed bodies never fall back.
@Suite struct OrderDraftDecoderTests {
    static let valid: [String] = [
        #"{"items":[{"product_id":"prod_1","quantity":2}],"shipping":{"name":"Li Lei","phone":"+86 138","address":"1 Road"}}"#,
        #" { "shipping" : { "address" : "上海市 1 号", "name" : "韩梅梅", "phone" : "138", "postal_code" : "200000" } } "#,
        #"{"items":null,"shipping":{"name":"a","phone":"1","address":"b","postal_code":null},"share_code":null,"note":null,"scene":null}"#,
        #"{"items":[],"shipping":{"name":"a","phone":"1","address":"b"},"share_code":"Ab3dEf9H","scene":1008,"note":"ring twice"}"#,
        #"{"shipping":{"name":"\u97e9\"q\"\\\/\b\f\n\r\t","phone":"1","address":"\ud83c\udf75 tea"},"scene":"1044"}"#,
        #"{"x":{"deep":[1,-2.5e3,true,false,null,{"y":"\u0041"}]},"shipping":{"name":"a","phone":"1","address":"b","extra":[0]},"scene":-7}"#,
        #"{"items":[{"quantity":999,"product_id":"p","note":{}},{"product_id":"q","quantity":-0}],"shipping":{"name":"a","phone":"1","address":"b"}}"#,
        #"{"shipping":{"name":"a","phone":"1","address":"b"},"scene":"+12","items":[{"product_id":"p","quantity":123456789012345678}]}"#,
    ]

    static let invalid: [String] = [
        "", "   ", "null", "[]", "{}", "\"text\"", "{", "{\"shipping\":", #"{"shipping":null}"#, #"{"shipping":[]}"#,
        #"{"shipping":{"name":"a","phone":"1"}}"#, #"{"shipping":{"name":1,"phone":"1","address":"b"}}"#,
        #"{"items":{},"shipping":{"name":"a","phone":"1","address":"b"}}"#,
        #"{"items":[null],"shipping":{"name":"a","phone":"1","address":"b"}}"#,
        #"{"items":[{"product_id":"p"}],"shipping":{"name":"a","phone":"1","address":"b"}}"#,
        #"{"items":[{"product_id":"p","quantity":1.5}],"shipping":{"name":"a","phone":"1","address":"b"}}"#,
        #"{"items":[{"product_id":"p","quantity":1.0}],"shipping":{"name":"a","phone":"1","address":"b"}}"#,
        #"{"items":[{"product_id":"p","quantity":1e2}],"shipping":{"name":"a","phone":"1","address":"b"}}"#,
        #"{"items":[{"product_id":"p","quantity":"2"}],"shipping":{"name":"a","phone":"1","address":"b"}}"#,
        #"{"items":[{"product_id":"p","quantity":99999999999999999999}],"shipping":{"name":"a","phone":"1","address":"b"}}"#,
        #"{"items":[{"product_id":7,"quantity":1}],"shipping":{"name":"a","phone":"1","address":"b"}}"#,
        #"{"shipping":{"name":"a","phone":"1","address":"b"},"scene":"12x"}"#,
        #"{"shipping":{"name":"a","phone":"1","address":"b"},"scene":true}"#,
        #"{"shipping":{"name":"a","phone":"1","address":"b"},"scene":12.5}"#,
        #"{"shipping":{"name":"a","phone":"1","address":"b"},"note":5}"#,
        #"{"shipping":{"name":"a","phone":"1","address":"b"},"share_code":[]}"#,
        #"{"shipping":{"name":"a","phone":"1","address":"b"},"unread":3e800}"#,
        #"{"shipping":{"name":"a","phone":"1","address":"b"},"unread":50.}"#,
        #"{"shipping":{"name":"a","phone":"1","address":"b"}} x"#,
        #"{"shipping":{"name":"a","phone":"1","address":"b"},}"#,
        #"{"shipping":{"name":"\ud800","phone":"1","address":"b"}}"#,
        #"{"shipping":{"name":"\x","phone":"1","address":"b"}}"#,
        "{\"shipping\":{\"name\":\"a\u{01}\",\"phone\":\"1\",\"address\":\"b\"}}",
        #"{"shipping":{"name":"a","phone":"1","address":"b"},"shipping":{"name":"c","phone":"2","address":"d"}}"#,
        #"{"shipping":{"name":"a","name":"c","phone":"1","address":"b"}}"#,
    ]

    private func expectSameAnswer(_ bytes: [UInt8], _ label: @autoclosure () -> String) {
        let hand = Result { () throws(CheckoutError) -> OrderDraft in try OrderDraftDecoder.decode(bytes) }
        let reference = Result { () throws(CheckoutError) -> OrderDraft in try JSONBody.decode(OrderDraft.self, from: bytes) }
        #expect(hand == reference, "\(label())")
    }

    @Test func wellFormedBodiesAreReadByHand_AsFoundationReadsThem() throws {
        for text in Self.valid {
            let bytes = Array(text.utf8)
            let draft = try #require(OrderDraftDecoder.read(bytes), "fell back: \(text)")
            #expect(draft == (try JSONBody.decode(OrderDraft.self, from: bytes)), "\(text)")
        }
        let first = OrderDraftDecoder.read(Array(Self.valid[0].utf8))
        #expect(first == OrderDraft(items: [LineRequest(productID: "prod_1", quantity: 2)],
                                    shipping: Shipping(name: "Li Lei", phone: "+86 138", address: "1 Road")))
        #expect(OrderDraftDecoder.read(Array(Self.valid[4].utf8))?.shipping.address == "🍵 tea")
    }

    @Test func badBodiesGetTheContractsAnswer() {
        for text in Self.invalid {
            let bytes = Array(text.utf8)
            #expect(OrderDraftDecoder.read(bytes) == nil || JSONTextGuard.fault(in: bytes) != nil, "\(text)")
            expectSameAnswer(bytes, text)
        }
    }

    @Test func everyPrefixOfEveryBodyGetsTheSameAnswer() {
        for text in Self.valid + Self.invalid {
            let bytes = Array(text.utf8)
            for length in 0...bytes.count { expectSameAnswer(Array(bytes[..<length]), "\(text) cut at \(length)") }
        }
    }

    /// Replayable with the seed printed on failure.
    @Test func randomMutationsGetTheSameAnswer() {
        let alphabet = Array(#"{}[]:,"\ -.0123456789eEtrufalsn_pqyx中"#.utf8) + [0x01, 0xFF]
        var random = SplitMix64(seed: 0x0DE5_1A7E)
        for round in 0..<6_000 {
            var bytes = Array((Self.valid + Self.invalid).randomElement(using: &random)!.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0...bytes.count, using: &random)
                let byte = alphabet.randomElement(using: &random)!
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes.insert(byte, at: at)
                case 1 where at < bytes.count: bytes.remove(at: at)
                default: if at < bytes.count { bytes[at] = byte }
                }
            }
            expectSameAnswer(bytes, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
