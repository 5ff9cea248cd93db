/// One page of a list, encoded as `{"data": [...], "has_more": bool}`.
public struct Page<Element: Sendable>: Sendable {
    public var data: [Element]
    public var hasMore: Bool

    public init(data: [Element], hasMore: Bool) {
        self.data = data
        self.hasMore = hasMore
    }

    /// Builds a page from up to `limit + 1` fetched rows.
    package init(fetched: [Element], limit: Int) {
        self.data = Array(fetched.prefix(limit))
        self.hasMore = fetched.count > limit
    }

    public func map<T: Sendable>(_ transform: (Element) throws -> T) rethrows -> Page<T> {
        Page<T>(data: try data.map(transform), hasMore: hasMore)
    }

    enum CodingKeys: String, CodingKey {
        case data
        case hasMore = "has_more"
    }
}

extension Page: Encodable where Element: Encodable {}
extension Page: Decodable where Element: Decodable {}
extension Page: Equatable where Element: Equatable {}
