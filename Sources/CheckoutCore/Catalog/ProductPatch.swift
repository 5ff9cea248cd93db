/// `PATCH /v1/products/{id}` body. Each field is absent (unchanged) or present; for the nullable
/// fields (`description`, `image_url`, `stock`, `commission_bps`) an explicit `null` clears them
/// (`stock: null` = unlimited, `commission_bps: null` = the shop's rate).
public struct ProductPatch: Hashable, Sendable, Decodable {
    public var title: String?
    public var description: String??
    public var imageURL: String??
    public var price: Int64?
    public var stock: Int64??
    public var active: Bool?
    public var commissionBps: Int??

    public init(title: String? = nil, description: String?? = .none, imageURL: String?? = .none,
                price: Int64? = nil, stock: Int64?? = .none, active: Bool? = nil, commissionBps: Int?? = .none) {
        self.title = title
        self.description = description
        self.imageURL = imageURL
        self.price = price
        self.stock = stock
        self.active = active
        self.commissionBps = commissionBps
    }

    /// Whether no field is set.
    public var isEmpty: Bool {
        title == nil && description == nil && imageURL == nil && price == nil && stock == nil && active == nil
            && commissionBps == nil
    }

    enum CodingKeys: String, CodingKey {
        case title, description, price, stock, active
        case imageURL = "image_url"
        case commissionBps = "commission_bps"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try Self.nonNull(c, .title)
        price = try Self.nonNull(c, .price)
        active = try Self.nonNull(c, .active)
        description = try Self.nullable(c, .description)
        imageURL = try Self.nullable(c, .imageURL)
        stock = try Self.nullable(c, .stock)
        commissionBps = try Self.nullable(c, .commissionBps)
    }

    /// Absent is nil; an explicit null is a decoding error naming the field.
    private static func nonNull<T: Decodable>(
        _ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys
    ) throws -> T? {
        guard c.contains(key) else { return nil }
        if try c.decodeNil(forKey: key) {
            throw DecodingError.valueNotFound(T.self, DecodingError.Context(
                codingPath: c.codingPath + [key], debugDescription: "\(key.stringValue) cannot be null"))
        }
        return try c.decode(T.self, forKey: key)
    }

    private static func nullable<T: Decodable>(
        _ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys
    ) throws -> T?? {
        guard c.contains(key) else { return .none }
        if try c.decodeNil(forKey: key) { return .some(nil) }
        return .some(try c.decode(T.self, forKey: key))
    }
}
