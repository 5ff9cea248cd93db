import CheckoutCrypto

/// Shopper sessions: created for a platform user once the platform vouched for the openid
/// (code2session lives in CheckoutWeChat), found by token, revoked.
public struct SessionService: Sendable {
    let store: any SessionStore
    let clock: any Clock
    let ids: any IDGenerator
    /// Lifetime of a new session (default 7 days).
    public let ttlSeconds: Int64

    public init(store: any SessionStore, clock: any Clock, ids: any IDGenerator,
                ttlSeconds: Int64 = 7 * 86_400) {
        self.store = store
        self.clock = clock
        self.ids = ids
        self.ttlSeconds = ttlSeconds
    }

    /// Creates a session for the user (`platform`, `openid`), creating the user the first time.
    /// - Returns: the token (shown once), the user and the expiry.
    public func createSession(platform: ShopperPlatform, openid: String) async throws -> SessionCreation {
        let bytes = openid.utf8
        guard (1...128).contains(bytes.count), bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw CheckoutError.invalidRequest("The openid must be 1 to 128 printable characters.", param: "code")
        }
        let now = clock.now()
        let token = SecretToken.generate(prefix: SecretToken.sessionPrefix)
        let expiresAt = now.adding(seconds: ttlSeconds)
        let candidate = User(id: ids.makeID(.user), platform: platform, openid: openid, createdAt: now)
        let user = try await store.createSession(for: candidate, tokenHash: SecretToken.hash(token),
                                                 createdAt: now, expiresAt: expiresAt)
        return SessionCreation(token: token, user: user, expiresAt: expiresAt)
    }

    /// The live session of `token`, or nil when unknown, expired or revoked.
    public func authenticate(token: String) async throws -> ShopperSession? {
        guard token.hasPrefix(SecretToken.sessionPrefix), token.utf8.count <= 128 else { return nil }
        // Hashed once: the stored hash is compared with it in constant time.
        let hash = SecretToken.hash(token)
        guard let session = try await store.session(tokenHash: hash, now: clock.now()),
              ConstantTime.equals(hash, session.tokenHash)
        else { return nil }
        return session
    }

    /// Revokes the session (`DELETE /v1/sessions/current`); false when it was not live.
    @discardableResult
    public func revoke(_ session: ShopperSession) async throws -> Bool {
        try await store.revokeSession(tokenHash: session.tokenHash, at: clock.now())
    }

    /// Deletes sessions that ended (expired or revoked) at least a day ago; call now and then.
    @discardableResult
    public func purgeEnded() async throws -> Int {
        try await store.purgeSessions(endedBefore: clock.now().adding(seconds: -86_400))
    }

    /// The user, or `not_found`.
    public func user(id: String) async throws -> User {
        guard let user = try await store.user(id: id) else { throw CheckoutError.notFound("No such user.") }
        return user
    }
}
