/// Storage of carts: one per shopper per shop, lines keyed by product.
public protocol CartStore: Sendable {
    /// The cart's lines (oldest added first) joined with their products as they are now.
    func lines(userID: String, shopID: String) async throws -> [CartLine]
    /// Atomically reads the product and the current quantity of its line (nil: no line), asks
    /// `decide` for the new quantity (0 removes the line), saves, and returns all the lines.
    /// A new line is stamped `time` (lines are listed oldest first). Under `commit`, the
    /// key's answer commits in the same transaction (a stored answer replays instead).
    func updateLine(userID: String, shopID: String, productID: String, at time: Timestamp,
                    commit: IdempotentCommit<[CartLine]>?,
                    _ decide: @escaping @Sendable (_ product: Product?, _ current: Int?) throws -> Int)
        async throws -> IdempotentOutcome<[CartLine]>
}
