/// A merchant's shop. Encodes as `{id, name, currency, created_at}`; the key hash never leaves.
public struct Shop: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var currency: Currency
    public var createdAt: Timestamp

    public init(id: String, name: String, currency: Currency, createdAt: Timestamp) {
        self.id = id
        self.name = name
        self.currency = currency
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, currency
        case createdAt = "created_at"
    }
}

/// The answer to creating a shop: `{shop, secret_key}`; the key is shown this once.
public struct ShopCreation: Hashable, Sendable, Codable {
    public var shop: Shop
    public var secretKey: String

    public init(shop: Shop, secretKey: String) {
        self.shop = shop
        self.secretKey = secretKey
    }

    enum CodingKeys: String, CodingKey {
        case shop
        case secretKey = "secret_key"
    }
}

/// `POST /v1/shops` body: `{name, currency?}`.
public struct ShopDraft: Hashable, Sendable, Codable {
    public var name: String
    public var currency: String?

    public init(name: String, currency: String? = nil) {
        self.name = name
        self.currency = currency
    }
}
