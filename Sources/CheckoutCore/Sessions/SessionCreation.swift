/// The answer to `POST /v1/sessions`: `{token, user, expires_at}`; the token is shown this once.
public struct SessionCreation: Hashable, Sendable, Codable {
    public var token: String
    public var user: User
    public var expiresAt: Timestamp

    public init(token: String, user: User, expiresAt: Timestamp) {
        self.token = token
        self.user = user
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case token, user
        case expiresAt = "expires_at"
    }
}

/// A live session found by its token.
public struct ShopperSession: Hashable, Sendable {
    /// The SHA-256 hex of the token: identifies the session for revocation.
    public var tokenHash: String
    public var user: User
    public var expiresAt: Timestamp

    public init(tokenHash: String, user: User, expiresAt: Timestamp) {
        self.tokenHash = tokenHash
        self.user = user
        self.expiresAt = expiresAt
    }
}
