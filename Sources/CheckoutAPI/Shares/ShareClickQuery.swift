import CheckoutHTTP

/// The `scene` of a share click's query string, read without building every query item.
///
/// Every click asks this, so an ASCII query is scanned as bytes (other text, where `&` or `=`
/// may start a grapheme, takes `queryItems` itself); a name or value holding `%` or `+` is
/// decoded exactly as `Request.queryItems` decodes it. The answer is always
/// `request.queryItems["scene"]`: empty pairs skipped, a pair without `=` has the value "", a
/// later `scene` wins, an undecodable escape is kept as sent.
public enum ShareClickQuery {
    /// The decoded value of the last `scene` item of the request's query, or nil.
    public static func scene(of request: Request) -> String? {
        guard var query = request.query else { return nil }
        // The scan answers `.some(scene)`; nil (not ASCII) hands the query to `queryItems`.
        return query.withUTF8 { bytes -> String?? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var scene: String?
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "&") { end += 1 }
                defer { start = end + 1 }
                guard end > start else { continue }
                var equals = start
                while equals < end && bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                guard isScene(UnsafeBufferPointer(rebasing: bytes[start..<equals])) else { continue }
                scene = decoded(UnsafeBufferPointer(rebasing: bytes[min(equals + 1, end)..<end]))
            }
            return .some(scene)
        } ?? request.queryItems["scene"]
    }

    private static let name = Array("scene".utf8)

    /// Whether a query item's name decodes to `scene`.
    private static func isScene(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard needsDecoding(name) else { return name.elementsEqual(Self.name) }
        return decoded(name) == "scene"
    }

    private static func needsDecoding(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }
    }

    /// `bytes` percent-decoded with `+` as a space, or as sent when an escape is malformed.
    private static func decoded(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard needsDecoding(bytes) else { return text }
        return PercentEncoding.decode(text, plusAsSpace: true) ?? text
    }
}
