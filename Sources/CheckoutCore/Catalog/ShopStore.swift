/// Storage of shops.
public protocol ShopStore: Sendable {
    /// Saves a new shop with the SHA-256 hex of its secret key. Under `commit`, the
    /// key's answer commits in the same transaction (a stored answer replays instead).
    func insert(_ shop: Shop, secretKeyHash: String, commit: IdempotentCommit<Shop>?)
        async throws -> IdempotentOutcome<Shop>
    func shop(id: String) async throws -> Shop?
    /// The shop whose key hashes to `secretKeyHash`, with the stored hash for a constant-time check.
    func shop(secretKeyHash: String) async throws -> (shop: Shop, storedHash: String)?
    /// Whether any shop exists (the demo seeds only an empty database).
    func hasShops() async throws -> Bool
}
