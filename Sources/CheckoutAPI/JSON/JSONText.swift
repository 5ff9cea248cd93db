/// Minimal JSON text helpers for hand-built bodies (error bodies must render even when
/// encoding fails).
enum JSONText {
    /// `text` as a JSON string literal, escaped per RFC 8259 §7 (by `JSONWriter`'s one escaper).
    static func quoted(_ text: String) -> String {
        var json = JSONWriter(capacity: text.utf8.count + 2)
        json.string(text)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
