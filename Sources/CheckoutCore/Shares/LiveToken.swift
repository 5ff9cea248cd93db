/// A live token as issued: the bearer string (shown once, stored hashed) and when it expires.
public struct LiveToken: Hashable, Sendable {
    public var token: String
    public var expiresAt: Timestamp

    public init(token: String, expiresAt: Timestamp) {
        self.token = token
        self.expiresAt = expiresAt
    }
}
