extension JSONWriter {
    /// Appends `text` as a JSON string literal (RFC 8259 §7): in one copy when no byte needs an
    /// escape (the common case, checked eight bytes at a time), else copying runs of plain bytes.
    mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            if Self.needsNoEscape(utf8) {
                bytes.append(contentsOf: utf8)
                return
            }
            var runStart = 0
            var i = 0
            let count = utf8.count
            while i < count {
                let byte = utf8[i]
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0xE2 {
                    i += 1
                    continue
                }
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; other E2 sequences are plain text.
                if byte == 0xE2 && !(i + 2 < count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9)) {
                    i += 1
                    continue
                }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                if byte == 0xE2 {
                    appendUnicodeEscape(utf8[i + 2] == 0xA8 ? 0x2028 : 0x2029)
                    i += 3
                } else {
                    appendEscape(byte)
                    i += 1
                }
                runStart = i
            }
            if runStart < count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// No byte below 0x20, no `"`, no `\\`, and no 0xE2 (the lead byte of U+2028 and U+2029; other
    /// characters starting with it take the exact check). Whole 64-bit words are tested with
    /// the exact "has a byte less than / equal to" bit tricks, the tail byte by byte.
    static func needsNoEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = utf8.count
        guard let base = utf8.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let below20 = (word &- ones &* 0x20) & ~word
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C), lead = word ^ (ones &* 0xE2)
            let zeros = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((lead &- ones) & ~lead)
            if (below20 | zeros) & highs != 0 { return false }
            i += 8
        }
        while i < count {
            let byte = base[i]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2 { return false }
            i += 1
        }
        return true
    }

    /// Appends the decimal digits of `value` (with `-` when negative).
    mutating func appendInteger(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 20 digits of UInt64.max
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            while magnitude > 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            bytes.removeLast()
            appendUnicodeEscape(UInt16(byte))
        }
    }

    /// `\uXXXX` with lower-case hex digits.
    private mutating func appendUnicodeEscape(_ unit: UInt16) {
        let hex: StaticString = "0123456789abcdef"
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "u"))
        hex.withUTF8Buffer { digits in
            for shift in stride(from: 12, through: 0, by: -4) {
                bytes.append(digits[Int((unit >> UInt16(shift)) & 0xF)])
            }
        }
    }
}
