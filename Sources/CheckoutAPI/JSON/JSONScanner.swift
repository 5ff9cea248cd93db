/// A strict, allocation-light reader of one JSON text (RFC 8259) for hand-written decoders of hot
/// request bodies. Every read answers nil (or false) when the text is not exactly what it expects
/// (a wrong type, a fraction, an escape it does not take, a nesting past `maximumDepth`), and the
/// decoder then hands the body to `JSONBody.decode`, whose answer (a value or the contract error)
/// is the reference: the scanner only ever accepts texts that `JSONBody` reads the same way.
struct JSONScanner {
    private let bytes: [UInt8]
    private var index = 0
    /// Nesting beyond this in skipped values is left to `JSONBody`.
    static let maximumDepth = 32

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether only whitespace is left.
    mutating func isAtEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    /// Consumes `null` if it comes next.
    mutating func null() -> Bool {
        skipSpace()
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
              bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l") else { return false }
        index += 4
        return true
    }

    /// Reads an object, calling `member` with each key once the scanner stands on its value;
    /// `member` must read or skip the value. False when the text is not an object or `member` fails.
    mutating func object(_ member: (inout JSONScanner, String) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), consume(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}"))
    }

    /// Reads an array, calling `element` once the scanner stands on each element.
    mutating func array(_ element: (inout JSONScanner) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "[")) else { return false }
        if consume(UInt8(ascii: "]")) { return true }
        repeat {
            guard element(&self) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]"))
    }

    /// A string value, its escapes decoded (a lone surrogate is refused).
    mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
            index += 1
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: String(decoding: bytes[start..<index], as: UTF8.self).unicodeScalars)
        return escapedRest(&scalars)
    }

    /// A number that is a plain integer (no fraction or exponent) within `Int`.
    mutating func int() -> Int? {
        skipSpace()
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digits = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        guard index > digits, index - digits <= 18, !(index - digits > 1 && bytes[digits] == 0x30),
              index == bytes.count || !JSONNumberGuard.isNumberByte(bytes[index]) else { return nil }
        var value = 0
        for byte in bytes[digits..<index] { value = value * 10 + Int(byte - 0x30) }
        return digits > start ? -value : value
    }

    /// Skips any value (checking its syntax), nested at most `maximumDepth`.
    mutating func skipValue(depth: Int = 0) -> Bool {
        skipSpace()
        guard index < bytes.count, depth < Self.maximumDepth else { return false }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object { scanner, _ in scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["): return array { $0.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return null()
        default:
            let start = index
            while index < bytes.count, JSONNumberGuard.isNumberByte(bytes[index]) { index += 1 }
            return index > start && JSONNumberGuard.isJSONNumber(bytes[start..<index])
        }
    }

    /// Consumes `byte` after any whitespace.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The next byte, consumed; nil at the end.
    mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    /// The next `count` bytes, consumed; nil when fewer are left.
    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard index + count <= bytes.count else { return nil }
        defer { index += count }
        return bytes[index..<index + count]
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }
}
