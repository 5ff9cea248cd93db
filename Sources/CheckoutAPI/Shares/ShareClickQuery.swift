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
        guard let query = request.query else { return nil }
        guard query.utf8.allSatisfy({ $0 < 0x80 }) else { return request.queryItems["scene"] }
        var scene: String?
        var rest = query.utf8[...]
        while !rest.isEmpty {
            let pairEnd = rest.firstIndex(of: UInt8(ascii: "&")) ?? rest.endIndex
            let pair = rest[rest.startIndex..<pairEnd]
            rest = pairEnd == rest.endIndex ? rest[pairEnd...] : rest[rest.index(after: pairEnd)...]
            guard !pair.isEmpty else { continue }
            let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
            guard isScene(pair[pair.startIndex..<equals]) else { continue }
            let value = equals == pair.endIndex ? pair[equals...] : pair[pair.index(after: equals)...]
            scene = decoded(value)
        }
        return scene
    }

    private static let name = Array("scene".utf8)

    /// Whether a query item's name decodes to `scene`.
    private static func isScene(_ name: Substring.UTF8View) -> Bool {
        guard needsDecoding(name) else { return name.elementsEqual(Self.name) }
        return decoded(name) == "scene"
    }

    private static func needsDecoding(_ bytes: Substring.UTF8View) -> Bool {
        bytes.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }
    }

    /// `bytes` percent-decoded with `+` as a space, or as sent when an escape is malformed.
    private static func decoded(_ bytes: Substring.UTF8View) -> String {
        let text = String(Substring(bytes))
        guard needsDecoding(bytes) else { return text }
        return PercentEncoding.decode(text, plusAsSpace: true) ?? text
    }
}
