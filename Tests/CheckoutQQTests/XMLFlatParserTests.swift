import CheckoutQQ
import CheckoutTesting
import Foundation
import Testing

/// Every document is fed whole, byte by byte and at seeded random splits (replay a failure
/// with `XML_SEED`); each way must give the same fields or the same refusal.
@Suite struct XMLFlatParserTests {
    static let seed = UInt64(ProcessInfo.processInfo.environment["XML_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64.max)

    /// Feeds `bytes` whole, byte by byte and in 20 random splittings.
    static func parseAllWays(_ bytes: [UInt8], limits: XMLFlatParser.Limits = .init()) -> [Result<XMLFields, XMLParseError>] {
        var generator = SplitMix64(seed: seed)
        var splittings: [[Int]] = [[bytes.count], Array(repeating: 1, count: bytes.count)]
        for _ in 0..<20 {
            var pieces: [Int] = []
            var left = bytes.count
            while left > 0 {
                let size = min(left, Int(generator.next() % 17) + 1)
                pieces.append(size)
                left -= size
            }
            splittings.append(pieces)
        }
        return splittings.map { pieces in
            Result { () throws(XMLParseError) -> XMLFields in
                var parser = XMLFlatParser(limits: limits)
                var offset = 0
                for size in pieces {
                    try parser.feed(bytes[offset..<offset + size])
                    offset += size
                }
                return try parser.finish()
            }
        }
    }

    static let valid: [(String, [(String, String)])] = [
        ("<xml><a>1</a><b>two</b></xml>", [("a", "1"), ("b", "two")]),
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>\n  <return_code>SUCCESS</return_code>\n</xml>\n",
         [("return_code", "SUCCESS")]),
        ("<xml><body><![CDATA[Tea <green> & ]] more]]></body></xml>", [("body", "Tea <green> & ]] more")]),
        ("<xml><t>a&lt;b&gt;c&amp;d&quot;e&apos;f&#65;&#x42;</t></xml>", [("t", "a<b>c&d\"e'fAB")]),
        ("<xml><empty/><e2 /><x></x></xml>", [("empty", ""), ("e2", ""), ("x", "")]),
        ("<xml><title>乌龙茶 礼盒</title></xml>", [("title", "乌龙茶 礼盒")]),
        ("<xml/>", []),
    ]

    @Test(arguments: 0..<valid.count)
    func validDocuments_ParseTheSameEveryWay(index: Int) throws {
        let (text, expected) = Self.valid[index]
        for result in Self.parseAllWays(Array(text.utf8)) {
            let fields = try result.get()
            #expect(fields.root == "xml", "seed \(Self.seed)")
            #expect(fields.pairs.map(\.name) == expected.map(\.0), "seed \(Self.seed)")
            #expect(fields.pairs.map(\.value) == expected.map(\.1), "seed \(Self.seed)")
        }
    }

    static let hostile: [(String, [UInt8], XMLParseError.Kind)] = [
        ("billion laughs", Array("""
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
            <xml><a>&lol2;</a></xml>
            """.utf8), .forbiddenMarkup),
        ("external entity", Array(#"<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><a>&xxe;</a></xml>"#.utf8), .forbiddenMarkup),
        ("undeclared entity", Array("<xml><a>&xxe;</a></xml>".utf8), .unknownEntity),
        ("comment", Array("<xml><!-- hi --><a>1</a></xml>".utf8), .forbiddenMarkup),
        ("comment in a value", Array("<xml><a>1<!-- x --></a></xml>".utf8), .forbiddenMarkup),
        ("late declaration", Array(" <?xml version=\"1.0\"?><xml/>".utf8), .forbiddenMarkup),
        ("processing instruction", Array("<xml><?php echo 1 ?><a>1</a></xml>".utf8), .forbiddenMarkup),
        ("GBK declared", Array("<?xml version=\"1.0\" encoding=\"GBK\"?><xml/>".utf8), .badEncoding),
        ("attribute", Array("<xml><a x=\"1\">1</a></xml>".utf8), .malformed),
        ("nested", Array("<xml><a><b>1</b></a></xml>".utf8), .malformed),
        ("mismatched", Array("<xml><a>1</b></xml>".utf8), .malformed),
        ("text outside", Array("<xml>junk<a>1</a></xml>".utf8), .malformed),
        ("second root", Array("<xml/><xml/>".utf8), .malformed),
        ("duplicate field", Array("<xml><sign>A</sign><sign>B</sign></xml>".utf8), .limitExceeded),
        ("broken UTF-8", Array("<xml><a>".utf8) + [0xE4, 0xB9] + Array("</a></xml>".utf8), .badEncoding),
        ("control character", Array("<xml><a>1\u{1}</a></xml>".utf8), .badEncoding),
        ("NUL reference", Array("<xml><a>&#0;</a></xml>".utf8), .unknownEntity),
        ("truncated", Array("<xml><a>1</a>".utf8), .truncated),
        ("unterminated CDATA", Array("<xml><a><![CDATA[1</a></xml>".utf8), .truncated),
        ("empty", [], .truncated),
    ]

    @Test(arguments: 0..<hostile.count)
    func hostileDocuments_AreRefusedEveryWay(index: Int) {
        let (name, bytes, kind) = Self.hostile[index]
        for result in Self.parseAllWays(bytes) {
            guard case .failure(let error) = result else {
                Issue.record("\(name) was accepted (seed \(Self.seed))")
                continue
            }
            #expect(error.kind == kind, "\(name): \(error) (seed \(Self.seed))")
        }
    }

    @Test func tenMegabytes_AreRefusedAtTheLimitWithoutReadingOn() {
        let huge = Array("<xml><a>".utf8) + [UInt8](repeating: UInt8(ascii: "A"), count: 10 * 1024 * 1024)
        var parser = XMLFlatParser()
        #expect(throws: XMLParseError.self) { try parser.feed(huge) }
        var small = XMLFlatParser.Limits()
        small.maxBytes = 32
        #expect((try? XMLFlatParser.parse(Array("<xml><a>0123456789012345678901234</a></xml>".utf8), limits: small)) == nil)
    }

    @Test func limitsOnFieldsNamesAndValues_Hold() {
        var limits = XMLFlatParser.Limits()
        limits.maxFields = 2
        limits.maxValueBytes = 4
        limits.maxNameBytes = 3
        #expect(throws: XMLParseError.self) { try XMLFlatParser.parse(Array("<xml><a/><b/><c/></xml>".utf8), limits: limits) }
        #expect(throws: XMLParseError.self) { try XMLFlatParser.parse(Array("<xml><a>12345</a></xml>".utf8), limits: limits) }
        #expect(throws: XMLParseError.self) { try XMLFlatParser.parse(Array("<xml><abcd/></xml>".utf8), limits: limits) }
        #expect((try? XMLFlatParser.parse(Array("<xml><a>1234</a></xml>".utf8), limits: limits)) != nil)
    }

    @Test func encodedDocuments_ParseBackToTheSameFields() throws {
        let fields = XMLFields([("body", "<Tea> & \"cakes\" 乌龙"), ("total_fee", "3000"), ("empty", "")])
        #expect(try XMLFlatParser.parse(fields.encoded()) == fields)
    }

    /// Random byte flips of a valid notification never crash the parser and never yield a
    /// document whose fields are not valid UTF-8.
    @Test func mutatedDocuments_NeverCrash() {
        var generator = SplitMix64(seed: Self.seed)
        let base = Array("<?xml version=\"1.0\"?><xml><a><![CDATA[x]]></a><b>&amp;1</b><c/></xml>".utf8)
        for _ in 0..<2000 {
            var bytes = base
            for _ in 0..<Int(generator.next() % 4 + 1) {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            if let fields = try? XMLFlatParser.parse(bytes) {
                #expect(fields.pairs.allSatisfy { !$0.name.isEmpty })
            }
        }
    }
}
