/// What `JSONDecoder` does not check in the parts of a text a type does not read: RFC 8259
/// requires UTF-8 (§8.1), control characters (U+0000–U+001F) escaped inside strings (§7) and
/// numbers by its grammar (§6, not `50.`), but the decoder skips the values of fields it does
/// not read unchecked, so it would take such a text (all found by the `json-body` fuzz
/// target). The request decoder checks first.
enum JSONTextGuard {
    /// Whether `bytes` are UTF-8 with no raw control character inside a string and only
    /// well-formed numbers outside.
    static func isWellFormed(_ bytes: [UInt8]) -> Bool {
        guard String(validating: bytes, as: UTF8.self) != nil else { return false }
        var inString = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if inString && byte == UInt8(ascii: "\\") {
                i += 2
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
}
