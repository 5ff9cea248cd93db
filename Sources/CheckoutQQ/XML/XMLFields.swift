/// A flat XML document as QQ Wallet and WeChat Pay v2 use it: `<xml><name>value</name>…</xml>`,
/// read by `XMLFlatParser` and written by `encoded()`. Field order is kept.
public struct XMLFields: Sendable, Hashable {
    /// The root element's name (`xml`).
    public var root: String
    public private(set) var pairs: [(name: String, value: String)]

    public init(root: String = "xml", _ pairs: [(String, String)] = []) {
        self.root = root
        self.pairs = pairs.map { (name: $0.0, value: $0.1) }
    }

    /// The value of `name`, or nil when absent.
    public subscript(name: String) -> String? {
        get { pairs.first { $0.name == name }?.value }
        set {
            if let index = pairs.firstIndex(where: { $0.name == name }) {
                if let newValue { pairs[index].value = newValue } else { pairs.remove(at: index) }
            } else if let newValue {
                pairs.append((name, newValue))
            }
        }
    }

    /// The fields as a dictionary (names are unique: the parser refuses repeats).
    public var dictionary: [String: String] {
        Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// `<root><name>value</name>…</root>` with `&`, `<` and `>` escaped, as UTF-8.
    public func encoded() -> [UInt8] {
        var out = Array("<\(root)>".utf8)
        for (name, value) in pairs {
            out += Array("<\(name)>".utf8)
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "&"): out += Array("&amp;".utf8)
                case UInt8(ascii: "<"): out += Array("&lt;".utf8)
                case UInt8(ascii: ">"): out += Array("&gt;".utf8)
                default: out.append(byte)
                }
            }
            out += Array("</\(name)>".utf8)
        }
        out += Array("</\(root)>".utf8)
        return out
    }

    public static func == (lhs: XMLFields, rhs: XMLFields) -> Bool {
        lhs.root == rhs.root && lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(root)
        for pair in pairs {
            hasher.combine(pair.name)
            hasher.combine(pair.value)
        }
    }
}
