import CheckoutCore
import CheckoutSQLite

/// `SessionStore` on SQLite.
public struct SQLiteSessionStore: SessionStore {
    let storage: SQLiteStorage

    public init(_ storage: SQLiteStorage) {
        self.storage = storage
    }

    public func createSession(for candidate: User, tokenHash: String, createdAt: Timestamp,
                              expiresAt: Timestamp) async throws -> User {
        try await storage.write { db in
            try db.execute("""
                INSERT INTO users (id, platform, openid, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (platform, openid) DO NOTHING
                """, [candidate.id, candidate.platform.rawValue, candidate.openid, candidate.createdAt.milliseconds])
            guard let row = try db.queryOne(
                "SELECT id, platform, openid, created_at FROM users WHERE platform = ? AND openid = ?",
                [candidate.platform.rawValue, candidate.openid])
            else { throw StorageError(.corrupt, "user vanished after upsert") }
            let user = try SQLiteRecords.user(row)
            try db.execute("""
                INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)
                """, [tokenHash, user.id, createdAt.milliseconds, expiresAt.milliseconds])
            return user
        }
    }

    public func session(tokenHash: String, now: Timestamp) async throws -> ShopperSession? {
        let cached = storage.sessionCache.lookup(tokenHash, now: now)
        if let session = cached.session { return session }
        let session = try await storage.read { db -> ShopperSession? in
            guard let row = try db.queryOne("""
                SELECT s.token_hash, s.expires_at, u.id, u.platform, u.openid, u.created_at
                FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?
                """, [tokenHash, now.milliseconds]) else { return nil }
            return ShopperSession(tokenHash: try row.string("token_hash"), user: try SQLiteRecords.user(row),
                                  expiresAt: Timestamp(milliseconds: try row.int64("expires_at")))
        }
        if let session { storage.sessionCache.keep(session, readAt: cached.generation) }
        return session
    }

    public func revokeSession(tokenHash: String, at time: Timestamp) async throws -> Bool {
        // Forgotten before the revocation runs and again after it committed: a read racing it
        // is not kept (`SessionCache`).
        storage.sessionCache.evict(tokenHash)
        defer { storage.sessionCache.evict(tokenHash) }
        return try await storage.write { db in
            try db.execute("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                           [time.milliseconds, tokenHash])
            return db.changes == 1
        }
    }

    public func user(id: String) async throws -> User? {
        try await storage.read { db in
            try db.queryOne("SELECT id, platform, openid, created_at FROM users WHERE id = ?", [id])
                .map(SQLiteRecords.user)
        }
    }

    public func purgeSessions(endedBefore cutoff: Timestamp) async throws -> Int {
        try await storage.write { db in
            try db.execute("DELETE FROM sessions WHERE expires_at <= ?1 OR revoked_at <= ?1", [cutoff.milliseconds])
            return db.changes
        }
    }
}
