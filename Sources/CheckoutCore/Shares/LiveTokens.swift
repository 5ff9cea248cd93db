/// Live tokens: short-lived bearer strings that only open a shop's live stream (EventSource
/// cannot send an Authorization header). 256 random bits, stored hashed, valid 10 minutes.
public struct LiveTokens: Sendable {
    public static let prefix = "lt_"
    public static let lifetimeSeconds: Int64 = 600

    let store: any ShareStore
    let clock: any Clock

    public init(store: any ShareStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    /// A new token for `shopID` and when it expires; under `commit`, the token and the key's
    /// answer commit together.
    public func issue(shopID: String, commit: IdempotentCommit<LiveToken>? = nil) async throws -> IdempotentOutcome<LiveToken> {
        let token = SecretToken.generate(prefix: Self.prefix)
        let issued: @Sendable (Timestamp) -> LiveToken = { LiveToken(token: token, expiresAt: $0) }
        return try await store.saveLiveToken(hash: SecretToken.hash(token), shopID: shopID,
                                             expiresAt: clock.now().adding(seconds: Self.lifetimeSeconds),
                                             commit: commit?.pullback(issued)).map(issued)
    }

    /// The shop a token opens.
    /// - Throws: `unauthenticated` when it is unknown or expired.
    public func shopID(for token: String) async throws -> String {
        guard token.hasPrefix(Self.prefix), token.utf8.count <= 64,
              let shopID = try await store.liveTokenShop(hash: SecretToken.hash(token), now: clock.now()) else {
            throw CheckoutError.unauthenticated("The live token is unknown or expired.")
        }
        return shopID
    }
}
