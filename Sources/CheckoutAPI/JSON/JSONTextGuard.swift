/// What `JSONDecoder` does not check in the parts of a text a type does not read: RFC 8259
/// requires UTF-8 (§8.1), control characters (U+0000–U+001F) escaped inside strings and only
/// its escapes there (§7), and numbers by its grammar (§6, not `50.`), but the decoder skips
/// the values of fields it does not read unchecked, so it would take such a text (all found
/// by the `json-body` fuzz target). The request decoder checks first.
enum JSONTextGuard {
    /// Whether `bytes` are UTF-8, with only escaped control characters and known escapes
    /// inside strings and only well-formed numbers outside.
    static func isWellFormed(_ bytes: [UInt8]) -> Bool {
        guard String(validating: bytes, as: UTF8.self) != nil else { return false }
        var inString = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if inString && byte == UInt8(ascii: "\\") {
                guard let length = escapeLength(bytes, at: i) else { return false }
                i += length
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString.toggle()
            } else if inString && byte < 0x20 {
                return false
            } else if !inString && (byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39)) {
                let start = i
                while i < bytes.count && JSONNumberGuard.isNumberByte(bytes[i]) { i += 1 }
                guard JSONNumberGuard.isJSONNumber(bytes[start..<i]) else { return false }
                continue
            }
            i += 1
        }
        return true
    }

    /// The length of the escape at `i` (`\n`, `\u00e9`), or nil when it is none of §7's.
    static func escapeLength(_ bytes: [UInt8], at i: Int) -> Int? {
        guard i + 1 < bytes.count else { return nil }
        switch bytes[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return 2
        case UInt8(ascii: "u"):
            guard i + 5 < bytes.count,
                  bytes[i + 2...i + 5].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }) else { return nil }
            return 6
        default:
            return nil
        }
    }
}
