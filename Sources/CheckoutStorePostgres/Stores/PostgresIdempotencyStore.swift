import CheckoutCore

/// `IdempotencyStore` on PostgreSQL. A write under a key claims it by inserting the key's row in
/// its own transaction: the primary key (caller, key) lets one transaction in, and a second one
/// with the same key, on any replica, waits for the first to end and then sees its answer. The
/// row is completed with the answer before that transaction commits, so no in-progress row is
/// ever visible.
public struct PostgresIdempotencyStore: IdempotencyStore {
    let storage: PostgresStorage

    public init(_ storage: PostgresStorage) {
        self.storage = storage
    }

    public func answer(for claim: IdempotencyClaim, policy: IdempotencyPolicy,
                       now: Timestamp) async throws -> IdempotentAnswer? {
        try await storage.readAutocommit { db in try policy.decide(existing: try Self.record(db, claim, lock: false), claim: claim, now: now) }
    }

    public func store(_ answer: IdempotentAnswer, for claim: IdempotencyClaim, policy: IdempotencyPolicy,
                      now: Timestamp) async throws -> IdempotentAnswer {
        try await storage.write { db in
            if let stored = try Self.claim(db, claim, policy: policy, now: now) { return stored }
            try Self.complete(db, claim, answer: answer)
            return answer
        }
    }

    public func purge(createdBefore cutoff: Timestamp) async throws -> Int {
        try await storage.write { db in
            try db.execute("DELETE FROM idempotency_keys WHERE created_at <= $1", [cutoff])
        }
    }

    /// Inside a transaction: the answer to replay, or nil after claiming the key (its row is
    /// inserted, or an expired one taken over, and locked until the transaction ends).
    /// A new key costs one statement: the INSERT comes first (it waits for another transaction
    /// inserting the same key and does nothing if that one commits); only a key that exists is read.
    /// - Throws: `idempotency_key_reused` for a record of another request.
    static func claim(_ db: PostgresConnection, _ claim: IdempotencyClaim, policy: IdempotencyPolicy,
                      now: Timestamp) throws -> IdempotentAnswer? {
        for _ in 0..<3 {
            let inserted = try db.execute("""
                INSERT INTO idempotency_keys (caller, key, endpoint, request_hash, state, created_at)
                VALUES ($1, $2, $3, $4, 'in_progress', $5) ON CONFLICT (caller, key) DO NOTHING
                """, [claim.caller, claim.key, claim.endpoint, claim.requestHash, now])
            if inserted == 1 { return nil }
            // The key exists (another transaction held it and has ended): decide on what it left.
            guard let existing = try record(db, claim, lock: true) else { continue }  // purged meanwhile
            if let stored = try policy.decide(existing: existing, claim: claim, now: now) { return stored }
            // Expired: take the row over.
            try db.execute("""
                UPDATE idempotency_keys SET endpoint = $3, request_hash = $4, state = 'in_progress',
                    response_status = NULL, response_body = NULL, created_at = $5
                WHERE caller = $1 AND key = $2
                """, [claim.caller, claim.key, claim.endpoint, claim.requestHash, now])
            return nil
        }
        throw StorageError(.unavailable, "idempotency key \(claim.key) raced; retry")
    }

    /// Completes the key claimed in this transaction with `answer`.
    static func complete(_ db: PostgresConnection, _ claim: IdempotencyClaim, answer: IdempotentAnswer) throws {
        try db.execute("""
            UPDATE idempotency_keys SET state = 'completed', response_status = $3, response_body = $4
            WHERE caller = $1 AND key = $2
            """, [claim.caller, claim.key, answer.status, answer.body])
    }

    /// The record of the claim's (caller, key) with an answer (rows a crashed older binary left
    /// in progress read as expired: their answer is unknown), row-locked when `lock`.
    static func record(_ db: PostgresConnection, _ claim: IdempotencyClaim, lock: Bool) throws -> IdempotencyRecord? {
        try db.queryOne("""
            SELECT endpoint, request_hash, state, response_status, response_body, created_at
            FROM idempotency_keys WHERE caller = $1 AND key = $2
            """ + (lock ? " FOR UPDATE" : ""), [claim.caller, claim.key]).map { row in
            let completed = try row.string("state") == "completed"
            return IdempotencyRecord(
                caller: claim.caller, key: claim.key, endpoint: try row.string("endpoint"),
                requestHash: try row.string("request_hash"),
                answer: IdempotentAnswer(status: try row.optionalInt("response_status") ?? 0,
                                         body: try row.optionalBytes("response_body") ?? []),
                createdAt: completed ? try row.timestamp("created_at") : Timestamp(milliseconds: 0))
        }
    }
}
