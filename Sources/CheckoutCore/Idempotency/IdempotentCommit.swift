/// The Idempotency-Key bookkeeping that a store runs inside the transaction of the write it
/// guards, so the effect and the key's stored answer commit together or not at all.
///
/// The store, in ONE transaction: reads the key's record and applies `policy` (a replay, or
/// `idempotency_key_reused`); otherwise runs the write (in a savepoint), renders `answer` for its
/// result and stores it when below 500. A write error rolls the write back alone; a 5xx answer
/// rolls everything back and is thrown (a retry runs again).
public struct IdempotentCommit<Value: Sendable>: Sendable {
    public var claim: IdempotencyClaim
    public var policy: IdempotencyPolicy
    public var now: Timestamp
    /// The response for the write's result; runs inside the transaction, so keep it pure.
    public var answer: @Sendable (Result<Value, any Error>) throws -> IdempotentAnswer

    public init(claim: IdempotencyClaim, policy: IdempotencyPolicy, now: Timestamp,
                answer: @escaping @Sendable (Result<Value, any Error>) throws -> IdempotentAnswer) {
        self.claim = claim
        self.policy = policy
        self.now = now
        self.answer = answer
    }
}

extension IdempotentCommit {
    /// This commit for a store write that produces `Inner`, which `transform` turns into this
    /// commit's value: the store commits its own result, the answer renders the caller's value.
    public func pullback<Inner: Sendable>(_ transform: @escaping @Sendable (Inner) throws -> Value)
        -> IdempotentCommit<Inner> {
        let answer = self.answer
        return IdempotentCommit<Inner>(claim: claim, policy: policy, now: now) { result in
            try answer(result.flatMap { inner in Result { try transform(inner) } })
        }
    }
}
