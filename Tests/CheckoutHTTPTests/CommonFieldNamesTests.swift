import Testing
@testable import CheckoutHTTP

/// Interned field names against decoding the same bytes: the same strings, whole heads alike.
@Suite struct CommonFieldNamesTests {
    static func interned(_ text: String) -> String? {
        Array(text.utf8).withUnsafeBufferPointer { CommonFieldNames.name($0) }
    }

    @Test func everyNameIsInternedAsItsOwnSpelling() {
        for name in CommonFieldNames.names {
            #expect(Self.interned(name) == name)
        }
        #expect(Set(CommonFieldNames.names).count == CommonFieldNames.names.count)
    }

    @Test func otherSpellingsAndNearMisses_AreNotInterned() {
        #expect(Self.interned("HOST") == nil)
        #expect(Self.interned("Hos") == nil)
        #expect(Self.interned("Hostx") == nil)
        #expect(Self.interned("") == nil)
        #expect(Self.interned(String(repeating: "a", count: 300)) == nil)
    }

    /// Any bytes: interned or not, the name is what decoding them gives.
    @Test func randomMutationsOfTheNames_DecodeAlike() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            var bytes = Array(CommonFieldNames.names.randomElement(using: &generator)!.utf8)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= 0x20
            case 1: bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0x21...0x7E, using: &generator)
            case 2: bytes.removeLast()
            default: break
            }
            let decoded = String(decoding: bytes, as: UTF8.self)
            let interned = bytes.withUnsafeBufferPointer { CommonFieldNames.name($0) }
            #expect((interned ?? decoded) == decoded)
            if let interned { #expect(Array(interned.utf8) == bytes) }
        }
    }

    /// A head carrying every name (and a few others) decodes to the same fields whole, byte by
    /// byte and at random splits.
    @Test func headsWithTheNames_DecodeToTheSameFields() throws {
        let names = CommonFieldNames.names.filter {
            !["content-length", "transfer-encoding", "expect", "connection", "host", "te"].contains($0.lowercased())
        } + ["X-Custom", "x-wechat-key"]
        var head = "GET /v1/products HTTP/1.1\r\nHost: example.com\r\n"
        for (index, name) in names.enumerated() { head += "\(name): value-\(index)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8)
        let expected = [("Host", "example.com")] + names.enumerated().map { ($0.element, "value-\($0.offset)") }
        var splits: [[Int]] = [[], Array(1..<bytes.count)]
        for _ in 0..<20 { splits.append((0..<4).map { _ in Int.random(in: 1..<bytes.count) }.sorted()) }
        for cuts in splits {
            var decoder = HTTPRequestDecoder()
            var start = 0
            var decoded: HTTPRequestHead?
            for end in cuts + [bytes.count] where end > start {
                decoder.append(Array(bytes[start..<end]))
                start = end
                while let event = try decoder.next() {
                    if case .head(let head) = event { decoded = head }
                }
            }
            let fields = try #require(decoded).headers.map { ($0.name, $0.value) }
            #expect(fields.map(\.0) == expected.map(\.0))
            #expect(fields.map(\.1) == expected.map(\.1))
        }
    }
}
