/// A product of a shop. Encodes as
/// `{id, shop_id, title, description, image_url, price, currency, stock, active, commission_bps, created_at,
/// updated_at}`, with explicit nulls; `stock: null` means unlimited, `commission_bps: null` the shop's rate.
public struct Product: Hashable, Sendable, Codable {
    public var id: String
    public var shopID: String
    public var title: String
    public var description: String?
    public var imageURL: String?
    /// Minor units of `currency`.
    public var price: Int64
    public var currency: Currency
    /// Units left; nil is unlimited.
    public var stock: Int64?
    public var active: Bool
    /// The sharer's commission on this product in basis points (0–3000); nil: the shop's rate.
    public var commissionBps: Int?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(id: String, shopID: String, title: String, description: String? = nil,
                imageURL: String? = nil, price: Int64, currency: Currency, stock: Int64? = nil,
                active: Bool = true, commissionBps: Int? = nil, createdAt: Timestamp, updatedAt: Timestamp) {
        self.id = id
        self.shopID = shopID
        self.title = title
        self.description = description
        self.imageURL = imageURL
        self.price = price
        self.currency = currency
        self.stock = stock
        self.active = active
        self.commissionBps = commissionBps
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The price as money.
    public var unitPrice: Money { Money(price, currency) }

    /// Whether `quantity` units can be sold now (active and enough stock).
    public func canSell(_ quantity: Int) -> Bool {
        active && (stock.map { $0 >= Int64(quantity) } ?? true)
    }

    enum CodingKeys: String, CodingKey {
        case id, title, description, price, currency, stock, active
        case shopID = "shop_id"
        case imageURL = "image_url"
        case commissionBps = "commission_bps"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(shopID, forKey: .shopID)
        try c.encode(title, forKey: .title)
        try c.encode(description, forKey: .description)
        try c.encode(imageURL, forKey: .imageURL)
        try c.encode(price, forKey: .price)
        try c.encode(currency, forKey: .currency)
        try c.encode(stock, forKey: .stock)
        try c.encode(active, forKey: .active)
        try c.encode(commissionBps, forKey: .commissionBps)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}
