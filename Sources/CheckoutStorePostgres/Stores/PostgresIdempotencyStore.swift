import CheckoutCore

/// `IdempotencyStore` on PostgreSQL. A key is claimed by inserting its in-progress row: the
/// primary key (caller, key) lets one request in, and a second one with the same key, on any
/// replica, waits for the first's transaction and then sees its record (in progress: 409
/// `conflict`; completed: the stored answer).
public struct PostgresIdempotencyStore: IdempotencyStore {
    let storage: PostgresStorage

    public init(_ storage: PostgresStorage) {
        self.storage = storage
    }

    public func begin(caller: String, key: String, endpoint: String, requestHash: String,
                      policy: IdempotencyPolicy, now: Timestamp) async throws -> IdempotencyOutcome {
        try await storage.write { db in
            let claim = IdempotencyClaim(caller: caller, key: key, endpoint: endpoint, requestHash: requestHash)
            if let (status, body) = try Self.claim(db, claim, policy: policy, now: now) {
                return .replay(status: status, body: body)
            }
            return .proceed
        }
    }

    /// Inside a transaction: decides on the key's record and, to go ahead, leaves an in-progress
    /// row (locked until the transaction ends). Returns the answer to replay, or nil to go ahead.
    static func claim(_ db: PostgresConnection, _ claim: IdempotencyClaim, policy: IdempotencyPolicy,
                      now: Timestamp) throws -> (Int, [UInt8])? {
        var existing = try record(db, claim)
        while true {
            switch try policy.decide(existing: existing, endpoint: claim.endpoint, requestHash: claim.requestHash, now: now) {
            case .replay(let status, let body):
                return (status, body)
            case .start where existing != nil:
                // An expired or stale record, locked by `record`: take it over.
                try db.execute("""
                    UPDATE idempotency_keys SET endpoint = $3, request_hash = $4, state = 'in_progress',
                        response_status = NULL, response_body = NULL, created_at = $5
                    WHERE caller = $1 AND key = $2
                    """, [claim.caller, claim.key, claim.endpoint, claim.requestHash, now])
                return nil
            case .start:
                let inserted = try db.execute("""
                    INSERT INTO idempotency_keys (caller, key, endpoint, request_hash, state, created_at)
                    VALUES ($1, $2, $3, $4, 'in_progress', $5) ON CONFLICT (caller, key) DO NOTHING
                    """, [claim.caller, claim.key, claim.endpoint, claim.requestHash, now])
                if inserted == 1 { return nil }
                // Another request inserted the key and committed while we looked: decide on its record.
                existing = try record(db, claim)
                if existing == nil { throw StorageError(.unavailable, "idempotency key \(claim.key) raced; retry") }
            }
        }
    }

    /// The record of the claim's (caller, key), row-locked until the transaction ends.
    static func record(_ db: PostgresConnection, _ claim: IdempotencyClaim) throws -> IdempotencyRecord? {
        try db.queryOne("""
            SELECT endpoint, request_hash, state, response_status, response_body, created_at
            FROM idempotency_keys WHERE caller = $1 AND key = $2 FOR UPDATE
            """, [claim.caller, claim.key]).map { row in
            IdempotencyRecord(
                caller: claim.caller, key: claim.key, endpoint: try row.string("endpoint"),
                requestHash: try row.string("request_hash"),
                state: IdempotencyRecord.State(rawValue: try row.string("state")) ?? .inProgress,
                responseStatus: try row.optionalInt("response_status"),
                responseBody: try row.optionalBytes("response_body"), createdAt: try row.timestamp("created_at"))
        }
    }

    public func complete(caller: String, key: String, status: Int, body: [UInt8]) async throws {
        _ = try await storage.write { db in
            try db.execute("""
                UPDATE idempotency_keys SET state = 'completed', response_status = $1, response_body = $2
                WHERE caller = $3 AND key = $4 AND state = 'in_progress'
                """, [status, body, caller, key])
        }
    }

    public func abandon(caller: String, key: String) async throws {
        _ = try await storage.write { db in
            try db.execute("DELETE FROM idempotency_keys WHERE caller = $1 AND key = $2 AND state = 'in_progress'",
                           [caller, key])
        }
    }

    public func purge(createdBefore cutoff: Timestamp) async throws -> Int {
        try await storage.write { db in
            try db.execute("DELETE FROM idempotency_keys WHERE state = 'completed' AND created_at <= $1", [cutoff])
        }
    }

    /// Forgets every in-progress key. With several replicas this runs at each one's start, while
    /// others may be mid-request: only keys older than a minute are released (a request takes
    /// seconds), so a neighbour's running request keeps its claim.
    public func releaseInProgress() async throws -> Int {
        try await storage.write { db in
            try db.execute("DELETE FROM idempotency_keys WHERE state = 'in_progress' AND created_at < now() - interval '1 minute'")
        }
    }
}
