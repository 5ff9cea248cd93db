import CheckoutCore

/// Who sent a request, from its bearer token (docs/API.md "Authentication").
public enum Caller: Sendable, Hashable {
    /// The operator, with `CHECKOUT_ADMIN_TOKEN`: creates shops.
    case admin
    /// A merchant, with its shop secret key (`sk_…`).
    case shop(Shop)
    /// A shopper, with a session token from `POST /v1/sessions`.
    case shopper(ShopperSession)

    /// The kinds of caller a route accepts.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case admin, shop, shopper
    }

    public var kind: Kind {
        switch self {
        case .admin: .admin
        case .shop: .shop
        case .shopper: .shopper
        }
    }

    /// The scope of this caller's idempotency keys: `admin`, `shop:<id>`, `user:<id>`.
    public var idempotencyScope: String {
        switch self {
        case .admin: "admin"
        case .shop(let shop): "shop:\(shop.id)"
        case .shopper(let session): "user:\(session.user.id)"
        }
    }

    /// The order viewer this caller is, or nil for the admin.
    public var orderOwner: OrderOwner? {
        switch self {
        case .admin: nil
        case .shop(let shop): .shop(shop.id)
        case .shopper(let session): .user(session.user.id)
        }
    }
}
