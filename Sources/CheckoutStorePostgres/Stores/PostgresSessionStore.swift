import CheckoutCore

/// `SessionStore` on PostgreSQL.
public struct PostgresSessionStore: SessionStore {
    let storage: PostgresStorage

    public init(_ storage: PostgresStorage) {
        self.storage = storage
    }

    public func createSession(for candidate: User, tokenHash: String, createdAt: Timestamp,
                              expiresAt: Timestamp) async throws -> User {
        try await storage.write { db in
            // ON CONFLICT waits for a concurrent insert of the same shopper, then keeps the first.
            try db.execute("""
                INSERT INTO users (id, platform, openid, created_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (platform, openid) DO NOTHING
                """, [candidate.id, candidate.platform.rawValue, candidate.openid, candidate.createdAt])
            guard let row = try db.queryOne(
                "SELECT id, platform, openid, created_at FROM users WHERE platform = $1 AND openid = $2",
                [candidate.platform.rawValue, candidate.openid])
            else { throw StorageError(.corrupt, "user vanished after upsert") }
            let user = try PostgresRecords.user(row)
            try db.execute("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                           [tokenHash, user.id, createdAt, expiresAt])
            return user
        }
    }

    public func session(tokenHash: String, now: Timestamp) async throws -> ShopperSession? {
        try await storage.readAutocommit { db in
            guard let row = try db.queryOne("""
                SELECT s.token_hash, s.expires_at, u.id, u.platform, u.openid, u.created_at
                FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2
                """, [tokenHash, now]) else { return nil }
            return ShopperSession(tokenHash: try row.string("token_hash"), user: try PostgresRecords.user(row),
                                  expiresAt: try row.timestamp("expires_at"))
        }
    }

    public func revokeSession(tokenHash: String, at time: Timestamp) async throws -> Bool {
        try await storage.write { db in
            try db.execute("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
                           [time, tokenHash]) == 1
        }
    }

    public func user(id: String) async throws -> User? {
        try await storage.readAutocommit { db in
            try db.queryOne("SELECT id, platform, openid, created_at FROM users WHERE id = $1", [id]).map(PostgresRecords.user)
        }
    }

    public func purgeSessions(endedBefore cutoff: Timestamp) async throws -> Int {
        try await storage.write { db in
            try db.execute("DELETE FROM sessions WHERE expires_at <= $1 OR revoked_at <= $1", [cutoff])
        }
    }
}
