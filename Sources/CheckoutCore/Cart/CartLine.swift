/// A line as a request states it: `{product_id, quantity}` (cart items, order items).
public struct LineRequest: Hashable, Sendable, Codable {
    /// The allowed quantity of one line.
    public static let quantityRange = 1...999

    public var productID: String
    public var quantity: Int

    public init(productID: String, quantity: Int) {
        self.productID = productID
        self.quantity = quantity
    }

    enum CodingKeys: String, CodingKey {
        case quantity
        case productID = "product_id"
    }
}

/// A stored cart line joined with its product as it is now.
public struct CartLine: Hashable, Sendable {
    public var product: Product
    public var quantity: Int

    public init(product: Product, quantity: Int) {
        self.product = product
        self.quantity = quantity
    }
}

/// `PATCH …/cart/items/{product_id}` body: `{quantity}` (0 removes the line).
public struct QuantityUpdate: Hashable, Sendable, Codable {
    public var quantity: Int

    public init(quantity: Int) {
        self.quantity = quantity
    }
}
