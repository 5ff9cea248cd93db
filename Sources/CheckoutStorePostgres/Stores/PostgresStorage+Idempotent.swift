import CheckoutCore

extension PostgresStorage {
    /// One transaction running `work` under an optional Idempotency-Key: the key's claim, the
    /// work in a savepoint, and the key's answer, so the effect and its answer commit together.
    /// The same key arriving at another replica meanwhile waits on the key's row, then replays.
    ///
    /// Without a commit, `work` simply runs (its errors are thrown). With one: a stored answer is
    /// replayed without running `work`; a client error of `work` rolls the work back alone and
    /// its rendering is stored; a 5xx answer or a database error rolls everything back and is thrown.
    func write<Value: Sendable>(_ commit: IdempotentCommit<Value>?,
                                _ work: @escaping @Sendable (PostgresConnection) throws -> Value)
        async throws -> IdempotentOutcome<Value> {
        guard let commit else {
            return .done(try await write(work), answer: nil)
        }
        return try await write { db in
            if let stored = try PostgresIdempotencyStore.claim(db, commit.claim, policy: commit.policy, now: commit.now) {
                return .replay(stored)
            }
            // Not released: the key's answer and COMMIT follow, and nothing rolls back to it then.
            let result = Result<Value, any Error> { try db.savepoint(release: false) { db in try work(db) } }
            if case .failure(let error as PostgresError) = result { throw error }  // retried or 503, never stored
            let answer = try commit.answer(result)
            guard answer.status < 500 else {
                // Server errors are not stored: the whole transaction rolls back and a retry runs again.
                if case .failure(let error) = result { throw error }
                throw CheckoutError(.internal, "A write was answered with a server error.")
            }
            try PostgresIdempotencyStore.complete(db, commit.claim, answer: answer)
            switch result {
            case .success(let value): return .done(value, answer: answer)
            case .failure(let error): return .refused(error)
            }
        }
    }
}
