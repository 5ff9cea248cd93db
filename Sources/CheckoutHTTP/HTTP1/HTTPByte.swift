/// Byte classes and small byte-level helpers shared by the HTTP/1 decoders.
enum HTTPByte {
    static var cr: UInt8 { 0x0D }
    static var lf: UInt8 { 0x0A }
    static var sp: UInt8 { 0x20 }
    static var htab: UInt8 { 0x09 }
    static var colon: UInt8 { 0x3A }
    static var comma: UInt8 { 0x2C }
    static var semicolon: UInt8 { 0x3B }

    /// `tchar` (RFC 9110 §5.6.2): the bytes of a token such as a method or field name.
    /// DIGIT / ALPHA / ``!#$%&'*+-.^_`|~``, as a bit mask over 0–127 (no table to initialise).
    @inline(__always)
    static func isToken(_ b: UInt8) -> Bool {
        b < 64 ? (0x03FF_6CFA_0000_0000 as UInt64) >> b & 1 == 1
            : b < 128 ? (0x57FF_FFFF_C7FF_FFFE as UInt64) >> (b - 64) & 1 == 1 : false
    }

    /// A byte allowed in a field value (RFC 9110 §5.5): HTAB, SP, VCHAR and obs-text.
    @inline(__always)
    static func isFieldValue(_ b: UInt8) -> Bool {
        b == htab || (b >= 0x20 && b != 0x7F)
    }

    /// `VCHAR` (0x21–0x7E): the only bytes a request-target may hold here.
    @inline(__always)
    static func isVisible(_ b: UInt8) -> Bool { b >= 0x21 && b <= 0x7E }

    @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool { b == sp || b == htab }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The value of a hex digit, or `nil`.
    @inline(__always)
    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: Int(b - 0x30)
        case 0x41...0x46: Int(b - 0x41 + 10)
        case 0x61...0x66: Int(b - 0x61 + 10)
        default: nil
        }
    }

    /// Whether `bytes` equals the lowercase ASCII `literal`, ignoring the case of `bytes`.
    static func equalsLowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let lit = literal.utf8Start
        for i in 0..<bytes.count {
            var b = bytes[i]
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            if b != lit[i] { return false }
        }
        return true
    }

    /// `bytes` without leading and trailing SP/HTAB (OWS).
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        while start < end && isWhitespace(bytes[start]) { start += 1 }
        while end > start && isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// Calls `body` with each comma-separated element of a list value, trimmed of OWS
    /// (RFC 9110 §5.6.1); empty elements are passed too so callers can decide.
    static func forEachListElement(
        _ value: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var start = 0
        for i in 0...value.count where i == value.count || value[i] == comma {
            body(trimmed(UnsafeBufferPointer(rebasing: value[start..<i])))
            start = i + 1
        }
    }

    /// Whether every byte is a `tchar` (a plain loop, so the check inlines).
    @inline(__always)
    static func allToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where !isToken(b) { return false }
        return true
    }

    /// Whether every byte may appear in a field value.
    @inline(__always)
    static func allFieldValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where !isFieldValue(b) { return false }
        return true
    }

    /// The index of the first `byte` at or after `from`, or `nil` (a plain loop, specialised and inlined).
    @inline(__always)
    static func index(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        var i = from
        while i < bytes.count {
            if bytes[i] == byte { return i }
            i += 1
        }
        return nil
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
