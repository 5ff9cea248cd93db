extension JSONScanner {
    /// The rest of a string from its first backslash: RFC 8259 §7 escapes, `\uXXXX` with
    /// surrogate pairs joined; nil for an unknown escape, a lone surrogate or a control character.
    mutating func escapedRest(_ scalars: inout String.UnicodeScalarView) -> String? {
        while let byte = next() {
            switch byte {
            case UInt8(ascii: "\""):
                return String(scalars)
            case UInt8(ascii: "\\"):
                guard let scalar = escape() else { return nil }
                scalars.append(scalar)
            case ..<0x20:
                return nil
            default:
                // Copies one whole UTF-8 sequence (the text was validated as UTF-8 before).
                let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                guard let sequence = take(length - 1) else { return nil }
                scalars.append(contentsOf: String(decoding: [byte] + sequence, as: UTF8.self).unicodeScalars)
            }
        }
        return nil
    }

    private mutating func escape() -> Unicode.Scalar? {
        switch next() {
        case UInt8(ascii: "\""): "\""
        case UInt8(ascii: "\\"): "\\"
        case UInt8(ascii: "/"): "/"
        case UInt8(ascii: "b"): "\u{08}"
        case UInt8(ascii: "f"): "\u{0C}"
        case UInt8(ascii: "n"): "\n"
        case UInt8(ascii: "r"): "\r"
        case UInt8(ascii: "t"): "\t"
        case UInt8(ascii: "u"): unicodeEscape()
        default: nil
        }
    }

    /// `XXXX` after `\u`, or a high surrogate's `XXXX\uYYYY`.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        guard (0xD800...0xDBFF).contains(high) else { return Unicode.Scalar(high) }
        guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u"), let low = hex4(),
              (0xDC00...0xDFFF).contains(low) else { return nil }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    private mutating func hex4() -> UInt32? {
        guard let digits = take(4) else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
