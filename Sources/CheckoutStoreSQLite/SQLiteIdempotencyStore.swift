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

    /// Whether the claim's caller and key have a record (live or expired), inside a job.
    static func hasRecord(_ db: Database, _ claim: IdempotencyClaim) throws -> Bool {
        try db.queryOne("SELECT 1 FROM idempotency_keys WHERE caller = ? AND key = ?", [claim.caller, claim.key]) != nil
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

    /// Stores each entry whose caller's key has no record yet (live or expired), inside a job,
    /// and tells which it stored. The entries go in a few multi-row INSERTs (`rowsPerInsert`),
    /// each in its own savepoint; a statement that met an existing key (a replay racing in, a
    /// reused key, an expired answer) is rolled back, and its entries go in one by one, so one
    /// such key costs its statement's batch, not the job's. The claims must name distinct keys
    /// (running keys are distinct: `IdempotencyService`).
    /// - Returns: for each entry, whether it was stored (false: its key has a record; the caller
    ///   decides with that record).
    static func insertNew(_ db: Database, _ entries: [Entry]) throws -> [Bool] {
        struct Answered: Error {}
        var stored = [Bool](repeating: true, count: entries.count)
        var start = 0
        while start < entries.count {
            let rows = rowsPerInsert.first { $0 <= entries.count - start } ?? 1
            let chunk = entries[start..<(start + rows)]
            do {
                try db.transaction {
                    try insert(db, chunk)
                    guard db.changes == rows else { throw Answered() }
                }
            } catch is Answered {
                for offset in chunk.indices {
                    try insert(db, entries[offset...offset])
                    stored[offset] = db.changes == 1
                }
            }
            start += rows
        }
        return stored
    }

    /// Stores `answer` for the claim unless its caller's key has a record (live or expired),
    /// inside the job of its effect; tells whether it stored it.
    static func insertNew(_ db: Database, _ claim: IdempotencyClaim, answer: IdempotentAnswer,
                          now: Timestamp) throws -> Bool {
        try insert(db, [Entry(claim: claim, answer: answer, at: now)][...])
        return db.changes == 1
    }

    /// One `INSERT … ON CONFLICT DO NOTHING` of `entries` (a count of `rowsPerInsert`).
    private static func insert(_ db: Database, _ entries: ArraySlice<Entry>) throws {
        var arguments = [any SQLValueConvertible]()
        arguments.reserveCapacity(entries.count * 7)
        for entry in entries {
            arguments += [entry.claim.caller, entry.claim.key, entry.claim.endpoint, entry.claim.requestHash,
                          entry.answer.status, entry.answer.body, entry.at.milliseconds] as [any SQLValueConvertible]
        }
        try db.execute(insertSQL[entries.count]!, arguments)
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
