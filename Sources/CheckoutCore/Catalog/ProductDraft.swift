/// `POST /v1/products` body: `{title, description?, image_url?, price, currency?, stock?, active?, commission_bps?}`.
public struct ProductDraft: Hashable, Sendable, Codable {
    public var title: String
    public var description: String?
    public var imageURL: String?
    public var price: Int64
    public var currency: String?
    /// Absent or null: unlimited.
    public var stock: Int64?
    public var active: Bool?
    /// Absent or null: the shop's rate.
    public var commissionBps: Int?

    public init(title: String, description: String? = nil, imageURL: String? = nil, price: Int64,
                currency: String? = nil, stock: Int64? = nil, active: Bool? = nil, commissionBps: Int? = nil) {
        self.title = title
        self.description = description
        self.imageURL = imageURL
        self.price = price
        self.currency = currency
        self.stock = stock
        self.active = active
        self.commissionBps = commissionBps
    }

    enum CodingKeys: String, CodingKey {
        case title, description, price, currency, stock, active
        case imageURL = "image_url"
        case commissionBps = "commission_bps"
    }
}
