/// Path parameters captured by the router, percent-decoded.
public struct Parameters: Sendable, Equatable {
    private var storage: [(String, String)] = []

    public init() {}

    public subscript(name: String) -> String? {
        storage.first { $0.0 == name }?.1
    }

    public mutating func set(_ name: String, _ value: String) {
        if !storage.isEmpty { storage.removeAll { $0.0 == name } }
        storage.append((name, value))
    }

    public var names: [String] { storage.map(\.0) }

    public static func == (lhs: Parameters, rhs: Parameters) -> Bool {
        lhs.storage.elementsEqual(rhs.storage) { $0 == $1 }
    }
}
