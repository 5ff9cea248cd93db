import CheckoutCore

/// What anyone may see of a shop (`GET /v1/shops/{shop_id}`): `{id, name, currency}`, the
/// seller a product page or mini program shows. Never the key or the creation time.
struct ShopProfile: Encodable, Sendable {
    let id: String
    let name: String
    let currency: Currency

    init(_ shop: Shop) {
        id = shop.id
        name = shop.name
        currency = shop.currency
    }
}
