/// The request ids a loop makes for requests that bring none: `<prefix><counter in lower-case
/// hex>`, written into the string's own storage in one pass (string interpolation cost about
/// 1k instructions a request).
enum RequestIDFormat {
    static func make(prefix: [UInt8], counter: UInt64) -> String {
        var digits = 1
        while digits < 16 && counter >> (4 * UInt64(digits)) != 0 { digits += 1 }
        return String(unsafeUninitializedCapacity: prefix.count + digits) { out in
            let hex: StaticString = "0123456789abcdef"
            for (offset, byte) in prefix.enumerated() { out[offset] = byte }
            for place in 0..<digits {
                let nibble = Int(counter >> (4 * UInt64(digits - 1 - place)) & 0xF)
                out[prefix.count + place] = hex.utf8Start[nibble]
            }
            return prefix.count + digits
        }
    }
}
