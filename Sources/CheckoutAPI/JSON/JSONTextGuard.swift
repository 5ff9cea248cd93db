/// What `JSONDecoder` does not check in the parts of a text a type does not read: RFC 8259
/// requires UTF-8 (§8.1), control characters (U+0000–U+001F) escaped inside strings and only
/// its escapes there (§7), and numbers by its grammar (§6, not `50.`), but the decoder skips
/// the values of fields it does not read unchecked, so it would take such a text (all found
/// by the `json-body` fuzz target). §9 lets a reader limit the range of numbers: one past a
/// double's (`3e800`) is refused wherever it stands. The request decoder checks first.
enum JSONTextGuard {
    static let notJSON = "The request body is not valid JSON."
    static let numberOutOfRange = "The request body holds a number too large to read."

    /// Why `bytes` cannot be read (``notJSON`` or ``numberOutOfRange``), or nil when they are
    /// UTF-8 with only escaped control characters and known escapes inside strings, and only
    /// well-formed numbers within a double's range outside.
    static func fault(in bytes: [UInt8]) -> String? {
        guard String(validating: bytes, as: UTF8.self) != nil else { return notJSON }
        var inString = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if inString && byte == UInt8(ascii: "\\") {
                guard let length = escapeLength(bytes, at: i) else { return notJSON }
                i += length
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString.toggle()
            } else if inString && byte < 0x20 {
                return notJSON
            } else if !inString && (byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39)) {
                let start = i
                while i < bytes.count && JSONNumberGuard.isNumberByte(bytes[i]) { i += 1 }
                let token = bytes[start..<i]
                guard JSONNumberGuard.isJSONNumber(token) else { return notJSON }
                guard Double(String(decoding: token, as: UTF8.self))?.isFinite == true else { return numberOutOfRange }
                continue
            }
            i += 1
        }
        return nil
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
