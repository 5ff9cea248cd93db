/// Finds the numbers in a JSON text that are not plain 64-bit integers (`12.5`, `1e3`, `1.0`,
/// `99999999999999999999`). The contract has no fractional numbers (money is integer minor
/// units), yet Foundation's `JSONDecoder` turns `1.0` and `1e3` into integers; so the request
/// decoder uses these ranges to make such numbers fail to decode wherever an integer is read.
enum JSONNumberGuard {
    /// Byte ranges of valid JSON number tokens that are not integers within `Int64`.
    static func suspiciousNumbers(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                i += 1
                while i < n && bytes[i] != UInt8(ascii: "\"") {
                    i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                i += 1
            } else if byte == UInt8(ascii: "-") || isDigit(byte) {
                let start = i
                while i < n && isNumberByte(bytes[i]) { i += 1 }
                let token = bytes[start..<i]
                if isJSONNumber(token) && !isInt64(token) { found.append(start..<i) }
            } else {
                i += 1
            }
        }
        return found
    }

    /// `bytes` with each range replaced by `replacement(token)`.
    static func replacing(_ ranges: [Range<Int>], in bytes: [UInt8], with replacement: (ArraySlice<UInt8>) -> [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + ranges.count * 2)
        var last = 0
        for range in ranges {
            out += bytes[last..<range.lowerBound]
            out += replacement(bytes[range])
            last = range.upperBound
        }
        out += bytes[last...]
        return out
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isNumberByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isJSONNumber(_ token: ArraySlice<UInt8>) -> Bool {
        var i = token.startIndex
        let end = token.endIndex
        if i < end && token[i] == UInt8(ascii: "-") { i += 1 }
        guard i < end, isDigit(token[i]) else { return false }
        if token[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < end && isDigit(token[i]) { i += 1 }
        }
        if i < end && token[i] == UInt8(ascii: ".") {
            i += 1
            guard i < end, isDigit(token[i]) else { return false }
            while i < end && isDigit(token[i]) { i += 1 }
        }
        if i < end && (token[i] == UInt8(ascii: "e") || token[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (token[i] == UInt8(ascii: "+") || token[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < end, isDigit(token[i]) else { return false }
            while i < end && isDigit(token[i]) { i += 1 }
        }
        return i == end
    }

    private static func isInt64(_ token: ArraySlice<UInt8>) -> Bool {
        guard !token.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
        else { return false }
        return Int64(String(decoding: token, as: UTF8.self)) != nil
    }
}
