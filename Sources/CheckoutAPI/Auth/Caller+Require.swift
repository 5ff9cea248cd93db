import CheckoutCore

extension Caller {
    /// The shopper's session; any other caller is 403 `forbidden` (a route that let it in by mistake).
    func shopperSession() throws -> ShopperSession {
        guard case .shopper(let session) = self else { throw Self.wrongKind }
        return session
    }

    /// The merchant's shop; any other caller is 403 `forbidden`.
    func shop() throws -> Shop {
        guard case .shop(let shop) = self else { throw Self.wrongKind }
        return shop
    }

    /// The order viewer this caller is; the admin is 403 `forbidden`.
    func requireOrderOwner() throws -> OrderOwner {
        guard let owner = orderOwner else { throw Self.wrongKind }
        return owner
    }

    private static let wrongKind = CheckoutError(.forbidden, "This route is not for this kind of token.")
}
