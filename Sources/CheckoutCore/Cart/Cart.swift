/// A shopper's cart in one shop at today's prices:
/// `{shop_id, items: [{product_id, title, unit_price, quantity, line_total, available}], subtotal, currency}`.
///
/// `subtotal` sums the available lines only: what buying the cart would cost now.
public struct Cart: Hashable, Sendable, Codable {
    public var shopID: String
    public var items: [CartItem]
    public var subtotal: Int64
    public var currency: Currency

    public init(shopID: String, items: [CartItem], subtotal: Int64, currency: Currency) {
        self.shopID = shopID
        self.items = items
        self.subtotal = subtotal
        self.currency = currency
    }

    enum CodingKeys: String, CodingKey {
        case items, subtotal, currency
        case shopID = "shop_id"
    }
}

/// One cart line, priced now. `available` is false when the product is inactive or has fewer
/// units in stock than the line's quantity.
public struct CartItem: Hashable, Sendable, Codable {
    public var productID: String
    public var title: String
    public var unitPrice: Int64
    public var quantity: Int
    public var lineTotal: Int64
    public var available: Bool

    public init(productID: String, title: String, unitPrice: Int64, quantity: Int,
                lineTotal: Int64, available: Bool) {
        self.productID = productID
        self.title = title
        self.unitPrice = unitPrice
        self.quantity = quantity
        self.lineTotal = lineTotal
        self.available = available
    }

    enum CodingKeys: String, CodingKey {
        case title, quantity, available
        case productID = "product_id"
        case unitPrice = "unit_price"
        case lineTotal = "line_total"
    }
}
