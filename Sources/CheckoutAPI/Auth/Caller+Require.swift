import CheckoutCore

extension Caller {
    /// The shop of a merchant caller.
    /// - Throws: 403 `forbidden` for any other kind of caller.
    public func requireShop() throws(APIError) -> Shop {
        guard case .shop(let shop) = self else { throw .forbidden("This route is for shop callers only.") }
        return shop
    }

    /// The session of a shopper caller.
    /// - Throws: 403 `forbidden` for any other kind of caller.
    public func requireShopper() throws(APIError) -> ShopperSession {
        guard case .shopper(let session) = self else { throw .forbidden("This route is for shopper callers only.") }
        return session
    }

    /// The order viewer this caller is (its shop or its shopper).
    /// - Throws: 403 `forbidden` for the admin, who owns no orders.
    public func requireOrderOwner() throws(APIError) -> OrderOwner {
        guard let owner = orderOwner else { throw .forbidden("This route is for shop or shopper callers only.") }
        return owner
    }
}
