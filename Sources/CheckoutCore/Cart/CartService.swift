/// A shopper's cart per shop, always answered whole at today's prices.
public struct CartService: Sendable {
    let shops: any ShopStore
    let carts: any CartStore
    let clock: any Clock

    public init(shops: any ShopStore, carts: any CartStore, clock: any Clock) {
        self.shops = shops
        self.carts = carts
        self.clock = clock
    }

    /// The cart (empty when none yet); an unknown shop is `not_found`.
    public func cart(userID: String, shopID: String) async throws -> Cart {
        let shop = try await shop(shopID)
        return try CartRules.cart(shopID: shopID, currency: shop.currency,
                                  lines: try await carts.lines(userID: userID, shopID: shopID))
    }

    /// Adds `line.quantity` to the product's line (creating it). A product of another shop,
    /// inactive or unknown is `invalid_request` (`product_id`); a line over 999 is
    /// `invalid_request` (`quantity`); more than the stock is `out_of_stock` (`quantity`).
    public func addItem(userID: String, shopID: String, _ line: LineRequest) async throws -> Cart {
        try await addItem(userID: userID, shopID: shopID, line, commit: nil).get()
    }

    /// `addItem` under an Idempotency-Key: the line and the key's answer commit together, so a
    /// retried add replays instead of adding twice.
    public func addItem(userID: String, shopID: String, _ line: LineRequest, commit: IdempotentCommit<Cart>?)
        async throws -> IdempotentOutcome<Cart> {
        let shop = try await shop(shopID)
        guard LineRequest.quantityRange.contains(line.quantity) else {
            throw CheckoutError.invalidRequest("quantity must be between 1 and 999.", param: "quantity")
        }
        let cart: @Sendable ([CartLine]) throws -> Cart = { lines in
            try CartRules.cart(shopID: shopID, currency: shop.currency, lines: lines)
        }
        return try await carts.updateLine(userID: userID, shopID: shopID, productID: line.productID,
                                          at: clock.now(), commit: commit?.pullback(cart)) {
            product, current in
            try CartRules.add(line.quantity, product: product, current: current, shopID: shopID,
                              productID: line.productID)
        }.map(cart)
    }

    /// Sets the line of `productID` (from the path) to `quantity`; 0 removes it. A product not
    /// in the cart is `not_found`.
    public func setQuantity(userID: String, shopID: String, productID: String, quantity: Int) async throws -> Cart {
        let shop = try await shop(shopID)
        let lines = try await carts.updateLine(userID: userID, shopID: shopID, productID: productID,
                                                  at: clock.now(), commit: nil) {
            product, current in
            try CartRules.set(quantity, product: product, current: current, shopID: shopID)
        }.get()
        return try CartRules.cart(shopID: shopID, currency: shop.currency, lines: lines)
    }

    /// Removes the line of `productID`; removing an absent line changes nothing.
    public func removeItem(userID: String, shopID: String, productID: String) async throws -> Cart {
        let shop = try await shop(shopID)
        let lines = try await carts.updateLine(userID: userID, shopID: shopID, productID: productID,
                                                  at: clock.now(), commit: nil) { _, _ in 0 }.get()
        return try CartRules.cart(shopID: shopID, currency: shop.currency, lines: lines)
    }

    private func shop(_ id: String) async throws -> Shop {
        guard let shop = try await shops.shop(id: id) else { throw CheckoutError.notFound("No such shop.") }
        return shop
    }
}
