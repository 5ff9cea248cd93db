/// Storage of products.
public protocol ProductStore: Sendable {
    /// Saves a new product. Under `commit`, the
    /// key's answer commits in the same transaction (a stored answer replays instead).
    func insert(_ product: Product, commit: IdempotentCommit<Product>?) async throws -> IdempotentOutcome<Product>
    /// Atomically reads the product `id` of `shopID`, lets `change` edit it and saves it.
    /// - Returns: the saved product, or nil when no such product belongs to the shop.
    func update(id: String, shopID: String,
                _ change: @escaping @Sendable (inout Product) throws -> Void) async throws -> Product?
    func product(id: String) async throws -> Product?
    /// A shop's products, newest first; `activeOnly` hides inactive ones.
    /// A `startingAfter` that is not one of those products is `invalid_request` (`starting_after`).
    func products(shopID: String, activeOnly: Bool, page: PageRequest) async throws -> Page<Product>
    /// The active products of shop `shopID`, newest first, read together with the shop's
    /// existence in one consistent read.
    /// - Returns: the page, or nil when there is no such shop (checked before `startingAfter`).
    func activeProducts(ofShop shopID: String, page: PageRequest) async throws -> Page<Product>?
}
