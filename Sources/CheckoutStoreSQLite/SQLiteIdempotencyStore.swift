import CheckoutCore
import CheckoutSQLite

/// `IdempotencyStore` on SQLite: `idempotency_keys`, one row per caller and key, written in the
/// same writer job as the effect it answers for.
public struct SQLiteIdempotencyStore: IdempotencyStore {
    let storage: SQLiteStorage

    public init(_ storage: SQLiteStorage) {
        self.storage = storage
    }

    public func answer(for claim: IdempotencyClaim, policy: IdempotencyPolicy,
                       now: Timestamp) async throws -> IdempotentAnswer? {
        try await storage.read { db in try policy.decide(existing: try Self.record(db, claim), claim: claim, now: now) }
    }

    public func store(_ answer: IdempotentAnswer, for claim: IdempotencyClaim, policy: IdempotencyPolicy,
                      now: Timestamp) async throws -> IdempotentAnswer {
        try await storage.write { db in
            if let stored = try policy.decide(existing: try Self.record(db, claim), claim: claim, now: now) {
                return stored
            }
            try Self.insert(db, claim, answer: answer, now: now)
            return answer
        }
    }

    public func purge(createdBefore cutoff: Timestamp) async throws -> Int {
        try await storage.write { db in
            try db.execute("DELETE FROM idempotency_keys WHERE created_at <= ?", [cutoff.milliseconds])
            return db.changes
        }
    }

    /// The stored record of the claim's caller and key, if any (inside a job).
    static func record(_ db: Database, _ claim: IdempotencyClaim) throws -> IdempotencyRecord? {
        try db.queryOne("""
            SELECT endpoint, request_hash, response_status, response_body, created_at
            FROM idempotency_keys WHERE caller = ? AND key = ? AND state = 'completed'
            """, [claim.caller, claim.key]).map { row in
            IdempotencyRecord(
                caller: claim.caller, key: claim.key, endpoint: try row.string("endpoint"),
                requestHash: try row.string("request_hash"),
                answer: IdempotentAnswer(status: try row.int("response_status"), body: try row.optionalBytes("response_body") ?? []),
                createdAt: Timestamp(milliseconds: try row.int64("created_at")))
        }
    }

    /// Stores `answer` for the claim (replacing an expired record), inside the job of its effect.
    static func insert(_ db: Database, _ claim: IdempotencyClaim, answer: IdempotentAnswer, now: Timestamp) throws {
        try db.execute("""
            INSERT OR REPLACE INTO idempotency_keys
                (caller, key, endpoint, request_hash, state, response_status, response_body, created_at)
            VALUES (?, ?, ?, ?, 'completed', ?, ?, ?)
            """, [claim.caller, claim.key, claim.endpoint, claim.requestHash, answer.status, answer.body,
                  now.milliseconds])
    }
}
