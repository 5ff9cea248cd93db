import CheckoutCore

/// A write position inside room a `JSONWriter` has reserved (`JSONWriter.raw(maximum:_:)`):
/// plain stores through a pointer, no capacity check per write. The caller sizes the room
/// from the `maximum…` bounds below; debug builds check that nothing runs past it.
struct JSONCursor {
    private(set) var position: UnsafeMutablePointer<UInt8>
    #if DEBUG
    let end: UnsafeMutablePointer<UInt8>
    #endif

    init(_ start: UnsafeMutablePointer<UInt8>, room: Int) {
        position = start
        #if DEBUG
        end = start + room
        #endif
    }

    /// The most bytes `integer(_:)` writes (`-9223372036854775808`).
    static let maximumInteger = 20
    /// The most bytes `timestamp(_:)` writes (with its quotes).
    static var maximumTimestamp: Int { Timestamp.maximumRFC3339Length + 2 }

    /// The most bytes `quoted(_:escaping:)` writes for `count` bytes of text: every byte as
    /// `\u00XX` when it may need escapes, else the bytes and their quotes.
    static func maximumQuoted(_ count: Int, escaping: Bool) -> Int {
        escaping ? count * 6 + 2 : count + 2
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        check(1)
        position.initialize(to: value)
        position += 1
    }

    /// Copies a literal (member names, punctuation, `null`).
    @inline(__always)
    mutating func copy(_ text: StaticString) {
        copy(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        check(bytes.count)
        position.initialize(from: base, count: bytes.count)
        position += bytes.count
    }

    /// `utf8` as a JSON string literal (RFC 8259 §7). `escaping` false (from
    /// `JSONWriter.needsNoEscape`) copies it whole; true copies the runs between the escapes.
    mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>, escaping: Bool) {
        byte(UInt8(ascii: "\""))
        if escaping { escaped(utf8) } else { copy(utf8) }
        byte(UInt8(ascii: "\""))
    }

    /// A scanned text as a JSON string literal (room: `text.maximum`).
    mutating func quoted(_ text: ScannedText) {
        quoted(text.utf8, escaping: text.mayNeedEscapes)
    }

    /// A scanned text as a string literal, or `null` (room: `text?.maximum ?? 4`).
    mutating func quoted(orNull text: ScannedText?) {
        if let text { quoted(text) } else { copy("null") }
    }

    /// `value` in decimal, or `null`.
    mutating func integer(orNull value: Int64?) {
        if let value { integer(value) } else { copy("null") }
    }

    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
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
            if runStart < i { copy(UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            if byte == 0xE2 {
                unicodeEscape(utf8[i + 2] == 0xA8 ? 0x2028 : 0x2029)
                i += 3
            } else {
                escape(byte)
                i += 1
            }
            runStart = i
        }
        if runStart < count { copy(UnsafeBufferPointer(rebasing: utf8[runStart..<count])) }
    }

    /// The decimal digits of `value` (with `-` when negative).
    mutating func integer(_ value: Int64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            byte(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        var digits = 0
        var rest = magnitude
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        check(digits)
        var index = digits
        while index > 0 {
            index -= 1
            (position + index).initialize(to: UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        position += digits
    }

    /// A timestamp as `Timestamp` encodes itself: an RFC 3339 string.
    mutating func timestamp(_ value: Timestamp) {
        byte(UInt8(ascii: "\""))
        check(Timestamp.maximumRFC3339Length)
        position += value.writeRFC3339(to: position)
        byte(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): copy("\\\"")
        case UInt8(ascii: "\\"): copy("\\\\")
        case 0x0A: copy("\\n")
        case 0x0D: copy("\\r")
        case 0x09: copy("\\t")
        case 0x08: copy("\\b")
        case 0x0C: copy("\\f")
        default: unicodeEscape(UInt16(byte))
        }
    }

    /// `\uXXXX` with lower-case hex digits.
    private mutating func unicodeEscape(_ unit: UInt16) {
        let hex: StaticString = "0123456789abcdef"
        copy("\\u")
        for shift in stride(from: 12, through: 0, by: -4) {
            byte(hex.utf8Start[Int((unit >> UInt16(shift)) & 0xF)])
        }
    }

    @inline(__always)
    private func check(_ count: Int) {
        #if DEBUG
        precondition(position + count <= end, "JSONCursor: written past the room reserved")
        #endif
    }
}
