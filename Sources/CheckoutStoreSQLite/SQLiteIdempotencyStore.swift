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

extension SQLiteIdempotencyStore {
    /// An answer to store under its claim, as of `at`.
    struct Entry: Sendable {
        var claim: IdempotencyClaim
        var answer: IdempotentAnswer
        var at: Timestamp
    }

    /// Stores every entry with a few multi-row INSERTs when none of their callers' keys has a
    /// record yet (live or expired); otherwise writes nothing and returns false. Inside a job.
    /// The claims must name distinct keys (running keys are distinct: `IdempotencyService`).
    static func insertIfAllNew(_ db: Database, _ entries: [Entry]) throws -> Bool {
        struct Answered: Error {}
        do {
            try db.transaction {
                var rest = entries[...]
                while !rest.isEmpty {
                    let rows = rowsPerInsert.first { $0 <= rest.count } ?? 1
                    var arguments = [any SQLValueConvertible]()
                    arguments.reserveCapacity(rows * 7)
                    for entry in rest.prefix(rows) {
                        arguments += [entry.claim.caller, entry.claim.key, entry.claim.endpoint, entry.claim.requestHash,
                                      entry.answer.status, entry.answer.body, entry.at.milliseconds] as [any SQLValueConvertible]
                    }
                    try db.execute(insertSQL[rows]!, arguments)
                    guard db.changes == rows else { throw Answered() }
                    rest = rest.dropFirst(rows)
                }
            }
            return true
        } catch is Answered {
            return false
        }
    }

    /// Row counts of the multi-row INSERTs (few distinct statements for the cache), largest first.
    static let rowsPerInsert = [256, 64, 16, 4, 1]

    private static let insertSQL: [Int: String] = Dictionary(uniqueKeysWithValues: rowsPerInsert.map { rows in
        (rows, """
            INSERT INTO idempotency_keys
                (caller, key, endpoint, request_hash, state, response_status, response_body, created_at)
            VALUES \(Array(repeating: "(?, ?, ?, ?, 'completed', ?, ?, ?)", count: rows).joined(separator: ", "))
            ON CONFLICT DO NOTHING
            """)
    })
}
