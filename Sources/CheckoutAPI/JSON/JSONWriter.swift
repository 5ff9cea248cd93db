/// A fast, append-only writer of compact JSON text (RFC 8259) into a byte array, for hot
/// responses where Foundation's `JSONEncoder` costs too much.
///
/// The caller writes a well-formed structure; the writer inserts the commas and colons:
/// ```swift
/// var json = JSONWriter()
/// json.beginObject()
/// json.field("id", product.id)
/// json.field("stock", product.stock)   // nil writes null
/// json.endObject()
/// ```
/// Strings are escaped per RFC 8259 §7: `"` `\` and the control characters U+0000–U+001F,
/// plus U+2028 and U+2029 (for JavaScript consumers); `/` and other text are written as UTF-8.
public struct JSONWriter: Sendable {
    /// The JSON text written so far.
    public internal(set) var bytes: [UInt8]
    private var needsComma = false
    private var afterKey = false

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        raw(maximum: 1) { $0.byte(UInt8(ascii: "{")) }
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        raw(maximum: 1) { $0.byte(UInt8(ascii: "[")) }
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes an object member's name; the next value written is its value. Names are the
    /// contract's own field names, literals in the code (never request data), so they are
    /// copied without the escape scan (debug builds, which run the tests, check each one).
    public mutating func key(_ name: StaticString) {
        assert(name.withUTF8Buffer { Self.needsNoEscape($0) }, "a JSON member name that needs escaping")
        raw(maximum: name.utf8CodeUnitCount + 3) { out in
            out.byte(UInt8(ascii: "\""))
            out.copy(name)
            out.byte(UInt8(ascii: "\""))
            out.byte(UInt8(ascii: ":"))
        }
        afterKey = true
    }

    /// Makes room for `count` more bytes (a list writes its elements without regrowing).
    public mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(bytes.count + count)
    }

    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            let escaping = Self.scan(utf8).mayNeedEscapes
            raw(maximum: JSONCursor.maximumQuoted(utf8.count, escaping: escaping)) { $0.quoted(utf8, escaping: escaping) }
        }
    }

    public mutating func int(_ value: Int64) {
        raw(maximum: JSONCursor.maximumInteger) { $0.integer(value) }
    }

    public mutating func bool(_ value: Bool) {
        raw(maximum: 5) { $0.copy(value ? "true" : "false") }
    }

    public mutating func null() {
        raw(maximum: 4) { $0.copy("null") }
    }

    /// `{"data":[`: a page's elements follow; `endPage(hasMore:)` closes it.
    public mutating func beginPage() {
        beginObject()
        key("data")
        beginArray()
    }

    /// `],"has_more":bool}`: closes what `beginPage()` opened.
    public mutating func endPage(hasMore: Bool) {
        endArray()
        field("has_more", hasMore)
        endObject()
    }

    /// Writes `value` (anything `JSONWritable`) in place.
    public mutating func value(_ value: some JSONWritable) {
        value.write(to: &self)
    }

    /// `"name":"value"`, or `"name":null` when `value` is nil.
    public mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    /// `"name":123`, or `"name":null` when `value` is nil.
    public mutating func field(_ name: StaticString, _ value: Int64?) {
        key(name)
        if let value { int(value) } else { null() }
    }

    /// `"name":true` or `"name":false`.
    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// Writes one value of at most `maximum` bytes (after its separator) through a raw
    /// cursor: one capacity check for all of it, however many pieces `body` writes.
    mutating func raw(maximum: Int, _ body: (inout JSONCursor) -> Void) {
        let comma = separate()
        bytes.append(addingCapacity: maximum + 1) { span in
            span.withUnsafeMutableBufferPointer { room, count in
                let start = room.baseAddress.unsafelyUnwrapped + count
                var out = JSONCursor(start, room: room.count - count)
                if comma { out.byte(UInt8(ascii: ",")) }
                body(&out)
                count += out.position - start
            }
        }
    }

    /// Whether the next value needs a comma before it: every value but the first of its
    /// container, none after a key.
    private mutating func separate() -> Bool {
        defer { needsComma = true }
        if afterKey {
            afterKey = false
            return false
        }
        return needsComma
    }
}
