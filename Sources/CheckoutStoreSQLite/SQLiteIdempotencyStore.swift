import CheckoutCore
import CheckoutSQLite

/// `IdempotencyStore` on SQLite: each step is one writer job, so two requests with one key are
/// decided strictly one after the other.
public struct SQLiteIdempotencyStore: IdempotencyStore {
    let storage: SQLiteStorage

    public init(_ storage: SQLiteStorage) {
        self.storage = storage
    }

    public func begin(caller: String, key: String, endpoint: String, requestHash: String,
                      policy: IdempotencyPolicy, now: Timestamp) async throws -> IdempotencyOutcome {
        try await storage.write { db in
            let existing = try Self.record(db, caller: caller, key: key)
            switch try policy.decide(existing: existing, endpoint: endpoint, requestHash: requestHash, now: now) {
            case .start:
                try db.execute("""
                    INSERT OR REPLACE INTO idempotency_keys
                        (caller, key, endpoint, request_hash, state, response_status, response_body, created_at)
                    VALUES (?, ?, ?, ?, 'in_progress', NULL, NULL, ?)
                    """, [caller, key, endpoint, requestHash, now.milliseconds])
                return .proceed
            case .replay(let status, let body):
                return .replay(status: status, body: body)
            }
        }
    }

    /// The stored record of (`caller`, `key`), if any (inside a write job).
    static func record(_ db: Database, caller: String, key: String) throws -> IdempotencyRecord? {
        try db.queryOne("""
            SELECT endpoint, request_hash, state, response_status, response_body, created_at
            FROM idempotency_keys WHERE caller = ? AND key = ?
            """, [caller, key]).map { row in
            IdempotencyRecord(
                caller: caller, key: key, endpoint: try row.string("endpoint"),
                requestHash: try row.string("request_hash"),
                state: IdempotencyRecord.State(rawValue: try row.string("state")) ?? .inProgress,
                responseStatus: try row.optionalInt("response_status"),
                responseBody: try row.optionalBytes("response_body"),
                createdAt: Timestamp(milliseconds: try row.int64("created_at")))
        }
    }

    /// Stores `answer` as the completed answer of `claim` in one step (replacing an expired or
    /// stale record), for work that ran in the same transaction.
    static func storeCompleted(_ db: Database, _ claim: IdempotencyClaim, answer: IdempotentAnswer,
                               now: Timestamp) throws {
        try db.execute("""
            INSERT OR REPLACE INTO idempotency_keys
                (caller, key, endpoint, request_hash, state, response_status, response_body, created_at)
            VALUES (?, ?, ?, ?, 'completed', ?, ?, ?)
            """, [claim.caller, claim.key, claim.endpoint, claim.requestHash, answer.status, answer.body,
                  now.milliseconds])
    }

    public func complete(caller: String, key: String, status: Int, body: [UInt8]) async throws {
        try await storage.write { db in
            try db.execute("""
                UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_body = ?
                WHERE caller = ? AND key = ? AND state = 'in_progress'
                """, [status, body, caller, key])
        }
    }

    public func abandon(caller: String, key: String) async throws {
        try await storage.write { db in
            try db.execute("DELETE FROM idempotency_keys WHERE caller = ? AND key = ? AND state = 'in_progress'",
                           [caller, key])
        }
    }

    public func purge(createdBefore cutoff: Timestamp) async throws -> Int {
        try await storage.write { db in
            try db.execute("DELETE FROM idempotency_keys WHERE state = 'completed' AND created_at <= ?",
                           [cutoff.milliseconds])
            return db.changes
        }
    }

    public func releaseInProgress() async throws -> Int {
        try await storage.write { db in
            try db.execute("DELETE FROM idempotency_keys WHERE state = 'in_progress'")
            return db.changes
        }
    }
}
