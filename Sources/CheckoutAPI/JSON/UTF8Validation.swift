/// Well-formed UTF-8 (Unicode 15, table 3-7; RFC 3629 §4): what `String(decoding:as:)` keeps
/// unchanged. Bytes read from storage are checked before they are copied into a response
/// unchanged; ill-formed ones take the path that repairs them as a `String` would.
enum UTF8Validation {
    static func isWellFormed(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let count = utf8.count
        while i < count {
            let lead = utf8[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // the allowed range of the second byte
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F  // no surrogates
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F  // nothing past U+10FFFF
            default: return false
            }
            guard i + length <= count, utf8[i + 1] >= low, utf8[i + 1] <= high else { return false }
            var next = i + 2
            while next < i + length {
                guard utf8[next] & 0xC0 == 0x80 else { return false }
                next += 1
            }
            i += length
        }
        return true
    }
}
