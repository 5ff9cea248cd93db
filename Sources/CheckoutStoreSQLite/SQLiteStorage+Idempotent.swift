import CheckoutCore
import CheckoutSQLite

extension SQLiteStorage {
    /// One writer job running `work` under an optional Idempotency-Key: the key's check, the work
    /// in a savepoint, and the key's answer, so the effect and its answer commit together.
    ///
    /// Without a commit, `work` simply runs (its errors are thrown). With one: a stored answer is
    /// replayed without running `work`; a client error of `work` rolls the work back alone and
    /// its rendering is stored; a 5xx answer rolls the whole job back and the error is thrown.
    func write<Value: Sendable>(_ commit: IdempotentCommit<Value>?,
                                _ work: @escaping @Sendable (Database) throws -> Value) async throws -> IdempotentOutcome<Value> {
        guard let commit else {
            return .done(try await write(work), answer: nil)
        }
        return try await write { db in try Self.run(db, commit, work) }
    }

    /// The body of a keyed write inside a writer job (see `write(_:_:)`).
    static func run<Value: Sendable>(_ db: Database, _ commit: IdempotentCommit<Value>,
                                     _ work: (Database) throws -> Value) throws -> IdempotentOutcome<Value> {
        let existing = try SQLiteIdempotencyStore.record(db, commit.claim)
        if let stored = try commit.policy.decide(existing: existing, claim: commit.claim, now: commit.now) {
            return .replay(stored)
        }
        // A savepoint: a failing write leaves nothing behind.
        let result = Result<Value, any Error> { try db.transaction { try work(db) } }
        let answer = try commit.answer(result)
        guard answer.status < 500 else {
            // Server errors are not stored: the whole job rolls back and a retry runs again.
            if case .failure(let error) = result { throw error }
            throw CheckoutError(.internal, "A write was answered with a server error.")
        }
        try SQLiteIdempotencyStore.insert(db, commit.claim, answer: answer, now: commit.now)
        switch result {
        case .success(let value): return .done(value, answer: answer)
        case .failure(let error): return .refused(error)
        }
    }
}
