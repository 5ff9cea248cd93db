import CheckoutCore
import CheckoutSQLite

extension SQLiteStorage {
    /// One writer job running `work` under an optional Idempotency-Key: the key's check, the work
    /// in a savepoint, and the key's answer, so the effect and its answer commit together.
    ///
    /// Without a commit, `work` simply runs (its errors are thrown). With one: a stored answer is
    /// replayed without keeping anything of `work`; a client error of `work` rolls the work back
    /// alone and its rendering is stored; a 5xx answer rolls the whole job back and the error is thrown.
    /// A keyed `work` may run more than once (its writes rolled back in between: a replay found
    /// late, a job beside it that failed): it must have no effect outside the database.
    func write<Value: Sendable>(_ commit: IdempotentCommit<Value>?,
                                _ work: @escaping @Sendable (Database) throws -> Value) async throws -> IdempotentOutcome<Value> {
        guard let commit else {
            return .done(try await write(work), answer: nil)
        }
        return try await write(repeatable: true) { db in try Self.run(db, commit, work) }
    }

    /// The body of a keyed write inside a writer job (see `write(_:_:)`).
    ///
    /// A new key is the common case, so the key is not read first: the work runs, and the
    /// INSERT of its answer finds a record of the key by itself (`ON CONFLICT DO NOTHING`, as
    /// PostgreSQL's claim does). Only then is the record read and the work's savepoint already
    /// rolled back: a replay, a reused key, or an expired answer, which the work replaces.
    static func run<Value: Sendable>(_ db: Database, _ commit: IdempotentCommit<Value>,
                                     _ work: (Database) throws -> Value) throws -> IdempotentOutcome<Value> {
        let claim = commit.claim
        if let outcome = try attempt(db, commit, work, store: { answer in
            try SQLiteIdempotencyStore.insertNew(db, claim, answer: answer, now: commit.now)
        }) {
            return outcome
        }
        let existing = try SQLiteIdempotencyStore.record(db, claim)
        if let stored = try commit.policy.decide(existing: existing, claim: claim, now: commit.now) {
            return .replay(stored)
        }
        let replaced = try attempt(db, commit, work, recordAnswers: false, store: { answer in
            try SQLiteIdempotencyStore.insert(db, claim, answer: answer, now: commit.now)
            return true
        })
        guard let replaced else { throw CheckoutError(.internal, "An expired idempotency answer was not replaced.") }
        return replaced
    }

    /// Runs `work` in a savepoint and stores its answer with `store`, which tells whether it
    /// stored it; nil (and nothing of the work left) when it did not. A client error of the work
    /// is stored as the answer with the work rolled back; a 5xx answer is thrown.
    /// - Parameter recordAnswers: whether a record of the key answers instead of a server error
    ///   (false once the record was read and found expired).
    private static func attempt<Value: Sendable>(_ db: Database, _ commit: IdempotentCommit<Value>,
                                                 _ work: (Database) throws -> Value, recordAnswers: Bool = true,
                                                 store: @escaping (IdempotentAnswer) throws -> Bool) throws -> IdempotentOutcome<Value>? {
        let keep = Keeper(db: db, commit: commit, recordAnswers: recordAnswers, store: store)
        if db.runsWithoutJobSavepoint { return try attemptShared(db, commit, work, keep) }
        do {
            return try db.transaction { () throws -> IdempotentOutcome<Value> in
                let value = try work(db)
                do {
                    let answer = try commit.answer(.success(value))
                    guard try keep(answer, else: serverAnswer) else { throw KeyHasRecord() }
                    return .done(value, answer: answer)
                } catch let error as KeyHasRecord {
                    throw error
                } catch {
                    throw NotOfTheWork(error: error)
                }
            }
        } catch is KeyHasRecord {
            return nil
        } catch let wrapped as NotOfTheWork {
            throw wrapped.error
        } catch {
            // The work failed and its savepoint was rolled back: its refusal is the key's answer.
            return try keep(try commit.answer(.failure(error)), else: error) ? .refused(error) : nil
        }
    }

    fileprivate static var serverAnswer: any Error {
        CheckoutError(.internal, "A write was answered with a server error.")
    }
}

extension SQLiteStorage {
    /// `attempt` in a job that shares the writer's savepoint with others: no savepoint of its
    /// own (it would copy every page the order changes once more). A work that fails without
    /// writing needs no undo; one that fails after writing, or a key found to have a record
    /// after the work wrote, fails the job, and the writer rolls back and runs it again alone,
    /// where `attempt` has its savepoint.
    fileprivate static func attemptShared<Value: Sendable>(_ db: Database, _ commit: IdempotentCommit<Value>,
                                                           _ work: (Database) throws -> Value,
                                                           _ keep: Keeper<Value>) throws -> IdempotentOutcome<Value>? {
        let before = db.totalChanges
        let value: Value
        do {
            value = try work(db)
        } catch {
            guard db.totalChanges == before else { throw error }
            return try keep(try commit.answer(.failure(error)), else: error) ? .refused(error) : nil
        }
        let answer = try commit.answer(.success(value))
        if try keep(answer, else: serverAnswer) { return .done(value, answer: answer) }
        guard db.totalChanges == before else { throw KeyHasRecord() }
        return nil
    }
}

/// Stores a keyed write's answer: a client answer with `store` (false: the key has a record); a
/// server answer never, its error thrown instead, unless the key has a record and
/// `recordAnswers` (a replay whose work failed when run again, e.g. a unique value the first
/// run took: the record answers).
private struct Keeper<Value: Sendable> {
    let db: Database
    let commit: IdempotentCommit<Value>
    let recordAnswers: Bool
    let store: (IdempotentAnswer) throws -> Bool

    func callAsFunction(_ answer: IdempotentAnswer, else serverError: @autoclosure () -> any Error) throws -> Bool {
        guard answer.status < 500 else {
            // Server errors are not stored: the whole job rolls back and a retry runs again.
            if recordAnswers, try SQLiteIdempotencyStore.hasRecord(db, commit.claim) { return false }
            throw serverError()
        }
        return try store(answer)
    }
}

/// The key's INSERT met a record of the key: the work's savepoint rolls back.
private struct KeyHasRecord: Error {}

/// An error of a keyed write's bookkeeping (its answer, its INSERT), not of the work itself.
private struct NotOfTheWork: Error {
    let error: any Error
}
