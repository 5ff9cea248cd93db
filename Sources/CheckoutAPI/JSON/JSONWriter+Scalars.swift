extension JSONWriter {
    /// What a JSON string writer must know about a text before copying it.
    struct TextScan {
        /// Some byte needs (or may need) an escape: below 0x20, `"`, `\\`, or 0xE2 (the lead
        /// byte of U+2028 and U+2029; other characters starting with it take the exact check).
        var mayNeedEscapes: Bool
        /// Every byte is below 0x80 (then the text is well-formed UTF-8 without a closer look).
        var isASCII: Bool
    }

    /// Scans `utf8` once, eight bytes at a time with the exact "has a byte less than / equal
    /// to" bit tricks: the last word overlaps the one before it (every byte is tested, some
    /// twice), and a text shorter than a word is padded with `A`s.
    static func scan(_ utf8: UnsafeBufferPointer<UInt8>) -> TextScan {
        let count = utf8.count
        guard let base = utf8.baseAddress, count > 0 else { return TextScan(mayNeedEscapes: false, isASCII: true) }
        @inline(__always) func word(at index: Int) -> UInt64 {
            UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
        }
        var special: UInt64 = 0
        var high: UInt64 = 0
        @inline(__always) func test(_ word: UInt64) {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let below20 = (word &- ones &* 0x20) & ~word
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C), lead = word ^ (ones &* 0xE2)
            special |= below20 | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((lead &- ones) & ~lead)
            high |= word
        }
        if count < 8 {
            var padded: UInt64 = 0x4141_4141_4141_4141
            withUnsafeMutableBytes(of: &padded) { $0.baseAddress.unsafelyUnwrapped.copyMemory(from: base, byteCount: count) }
            test(padded)
        } else {
            var i = 0
            while i + 8 < count {
                test(word(at: i))
                i += 8
            }
            test(word(at: count - 8))
        }
        let highs: UInt64 = 0x8080_8080_8080_8080
        return TextScan(mayNeedEscapes: special & highs != 0, isASCII: high & highs == 0)
    }

    /// True when no byte of `utf8` needs an escape (see `TextScan`).
    static func needsNoEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        !scan(utf8).mayNeedEscapes
    }
}

/// Text scanned for a raw write (`JSONCursor.quoted(_:)`): its bytes, whether they may need
/// escapes, and whether they are well-formed UTF-8.
struct ScannedText {
    let utf8: UnsafeBufferPointer<UInt8>
    let mayNeedEscapes: Bool
    let isWellFormed: Bool

    /// Scans `utf8`; bytes read from storage are also checked for well-formed UTF-8.
    init(_ utf8: UnsafeBufferPointer<UInt8>) {
        let scan = JSONWriter.scan(utf8)
        self.utf8 = utf8
        mayNeedEscapes = scan.mayNeedEscapes
        isWellFormed = scan.isASCII || UTF8Validation.isWellFormed(utf8)
    }

    /// The most bytes its string literal takes.
    var maximum: Int { JSONCursor.maximumQuoted(utf8.count, escaping: mayNeedEscapes) }
}
