import CheckoutHTTP
import Testing

/// Writes through reserved room: only what was written is kept, after what was there.
@Suite struct ByteCursorTests {
    @Test func append_KeepsWhatWasWrittenAfterTheExistingBytes() {
        var buffer = Array("prefix|".utf8)
        let long = String(repeating: "é", count: 40)  // a heap string, 80 bytes
        buffer.append(maximum: 200) { out in
            out.copy("static ")
            out.copy("small")
            out.byte(UInt8(ascii: " "))
            out.copy(long)
            out.decimal(-5)
        }
        #expect(String(decoding: buffer, as: UTF8.self) == "prefix|static small \(long)0")
        buffer.append(maximum: 0) { _ in }
        #expect(buffer.count == 7 + 13 + 80 + 1)
    }

    @Test(arguments: [0, 7, 10, 19, 20, 12_345, 99_999, 100_000, 999_999_999_999_999_999, Int.max])
    func decimal_MatchesTheStandardLibrary(value: Int) {
        var buffer: [UInt8] = []
        buffer.append(maximum: ByteCursor.maximumDecimal) { $0.decimal(value) }
        #expect(String(decoding: buffer, as: UTF8.self) == String(value))
    }
}
