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
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
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
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { name in
            assert(Self.needsNoEscape(name), "a JSON member name that needs escaping")
            bytes.append(contentsOf: name)
        }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// Makes room for `count` more bytes (a list writes its elements without regrowing).
    public mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(bytes.count + count)
    }

    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    /// A string whose bytes `body` appends unescaped: only for text that cannot need escaping
    /// (digits, ASCII punctuation).
    mutating func string(_ body: (inout [UInt8]) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        body(&bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func int(_ value: Int64) {
        separate()
        appendInteger(value)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        appendLiteral(value ? "true" : "false")
    }

    public mutating func null() {
        separate()
        appendLiteral("null")
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

    /// A comma before every value but the first of its container, nothing after a key.
    private mutating func separate() {
        if afterKey {
            afterKey = false
        } else if needsComma {
            bytes.append(UInt8(ascii: ","))
        }
        needsComma = true
    }

    private mutating func appendLiteral(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
}
