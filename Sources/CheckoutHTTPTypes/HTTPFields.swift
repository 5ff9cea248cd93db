/// An ordered list of header fields; names compare case-insensitively (RFC 9110 §5.1).
public struct HTTPFields: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    private var storage: [Field] = []

    public init() {}

    public init(_ fields: [(String, String)]) {
        storage = fields.map { Field(name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    public func makeIterator() -> IndexingIterator<[Field]> { storage.makeIterator() }

    /// The first value of `name`, or `nil`. Setting replaces every field of that name.
    public subscript(name: String) -> String? {
        get { storage.first { Self.equal($0.name, name) }?.value }
        set {
            if let newValue { set(name, newValue) } else { remove(name) }
        }
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        storage.compactMap { Self.equal($0.name, name) ? $0.value : nil }
    }

    /// Whether a field of `name` is present.
    public func contains(_ name: String) -> Bool {
        storage.contains { Self.equal($0.name, name) }
    }

    /// Makes room for `count` fields in all (one allocation for a decoded head).
    public mutating func reserveCapacity(_ count: Int) {
        storage.reserveCapacity(count)
    }

    /// Adds a field, keeping existing ones of the same name.
    public mutating func append(_ name: String, _ value: String) {
        storage.append(Field(name: name, value: value))
    }

    /// Replaces every field of `name` by one.
    public mutating func set(_ name: String, _ value: String) {
        guard let index = storage.firstIndex(where: { Self.equal($0.name, name) }) else {
            storage.append(Field(name: name, value: value))
            return
        }
        storage[index].value = value
        var i = storage.count - 1
        while i > index {
            if Self.equal(storage[i].name, name) { storage.remove(at: i) }
            i -= 1
        }
    }

    /// Removes every field of `name`.
    public mutating func remove(_ name: String) {
        storage.removeAll { Self.equal($0.name, name) }
    }

    /// Whether a comma-separated list header (`Connection`, `Transfer-Encoding`) holds `token`.
    public func containsToken(_ token: String, in name: String) -> Bool {
        values(for: name).contains { value in
            value.split(separator: ",").contains {
                Self.equal($0.trimmingSpaces, token)
            }
        }
    }

    public var description: String {
        storage.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// ASCII case-insensitive comparison, without allocating. Inlinable: callers in other
    /// modules (the response encoder) otherwise ran it unspecialized, about 1.5k instructions a
    /// comparison through generic `zip` witnesses.
    @inlinable
    package static func equal<A: StringProtocol, B: StringProtocol>(_ a: A, _ b: B) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        for (c, d) in zip(x, y) where c != d {
            if (c | 0x20) != (d | 0x20) || !((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) { return false }
        }
        return true
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs (RFC 9110 OWS).
    package var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
