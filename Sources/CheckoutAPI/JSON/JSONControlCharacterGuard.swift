/// Finds a control character (U+0000–U+001F) written raw inside a JSON string, which RFC 8259
/// §7 requires escaped. Foundation's `JSONDecoder` skips the strings of fields a type does not
/// read without checking them, so it would take such a text (found by the `json-body` fuzz
/// target); the request decoder refuses it first.
enum JSONControlCharacterGuard {
    static func containsRawControlCharacter(_ bytes: [UInt8]) -> Bool {
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
                return true
            }
            i += 1
        }
        return false
    }
}
