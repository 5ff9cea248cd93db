/// Storage of shoppers and their sessions.
public protocol SessionStore: Sendable {
    /// In one transaction: finds the user with `candidate`'s platform and openid, or saves
    /// `candidate`, then saves a session for that user.
    /// - Returns: the user the session belongs to.
    func createSession(for candidate: User, tokenHash: String, createdAt: Timestamp,
                       expiresAt: Timestamp) async throws -> User
    /// The unrevoked session with this token hash that has not expired at `now`.
    func session(tokenHash: String, now: Timestamp) async throws -> ShopperSession?
    /// Marks the session revoked; false when there was no live one.
    func revokeSession(tokenHash: String, at time: Timestamp) async throws -> Bool
    func user(id: String) async throws -> User?
}
