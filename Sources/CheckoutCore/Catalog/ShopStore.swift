/// Storage of shops.
public protocol ShopStore: Sendable {
    /// Saves a new shop with the SHA-256 hex of its secret key.
    func insert(_ shop: Shop, secretKeyHash: String) async throws
    func shop(id: String) async throws -> Shop?
    /// The shop whose key hashes to `secretKeyHash`, with the stored hash for a constant-time check.
    func shop(secretKeyHash: String) async throws -> (shop: Shop, storedHash: String)?
    /// Whether any shop exists (the demo seeds only an empty database).
    func hasShops() async throws -> Bool
}
