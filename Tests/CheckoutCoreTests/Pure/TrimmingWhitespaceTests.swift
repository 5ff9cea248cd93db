import Testing
@testable import CheckoutCore

/// `trimmingWhitespace` and the text checks against the plain Unicode-scalar rule, on chosen
/// edges and replayable random texts (the visible-ASCII shortcut must change nothing).
@Suite struct TrimmingWhitespaceTests {
    static func reference(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }

    static let pieces: [String] = ["a", "Z", "~", "!", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}",
                                   "\u{2028}", "\u{3000}", "茶", "é", "e\u{301}", "🙂", "\u{7F}", "\u{01}", "\u{200B}"]

    @Test(arguments: ["Li Lei", " Li Lei", "Li Lei ", "\u{3000}Li\u{3000}", "\u{A0}x", "x\u{A0}", "", " ", "~x!", "茶",
                      "a\u{301}", "\u{85}"])
    func chosenTexts_AreTrimmedAsByTheScalarRule(text: String) {
        #expect(text.trimmingWhitespace() == Self.reference(text))
    }

    @Test func randomTexts_AreTrimmedAsByTheScalarRule() throws {
        var random = SystemRandomNumberGenerator()
        let seed = UInt64.random(in: 0...UInt64.max, using: &random)
        var rng = XorShift(seed: seed)
        for _ in 0..<5_000 {
            let text = (0..<Int(rng.next() % 8)).map { _ in Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }.joined()
            #expect(text.trimmingWhitespace() == Self.reference(text), "seed \(seed): \(text.unicodeScalars.map(\.value))")
            let limit = Int(rng.next() % 6) + 1
            let checked = try? Validate.optionalText(text, param: "p", maxLength: limit)
            let trimmed = Self.reference(text)
            let expected = trimmed.isEmpty || trimmed.count > limit
                || trimmed.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || $0.value == 0x7F }
                ? nil : trimmed
            #expect(checked == expected, "seed \(seed): \(text.unicodeScalars.map(\.value)) limit \(limit)")
        }
    }
}
