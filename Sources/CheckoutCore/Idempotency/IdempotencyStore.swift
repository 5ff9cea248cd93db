/// Storage of idempotency keys and their answers. Writes that change money or state store their
/// key's answer themselves, in their own transaction (`IdempotentCommit`); this store reads the
/// records, stores the answers of requests that changed nothing, and purges.
public protocol IdempotencyStore: Sendable {
    /// The answer stored for `claim`'s caller and key, under `policy` at `now`.
    /// - Returns: nil when there is none (run the request).
    /// - Throws: `idempotency_key_reused` for a record of another endpoint or body.
    func answer(for claim: IdempotencyClaim, policy: IdempotencyPolicy, now: Timestamp) async throws -> IdempotentAnswer?
    /// Stores `answer` for a request that changed nothing (a client error before any write),
    /// unless the key was answered meanwhile.
    /// - Returns: the answer the key holds afterwards (`answer`, or the earlier one).
    /// - Throws: `idempotency_key_reused` when the earlier record is of another request.
    func store(_ answer: IdempotentAnswer, for claim: IdempotencyClaim, policy: IdempotencyPolicy,
               now: Timestamp) async throws -> IdempotentAnswer
    /// Deletes records created at or before `cutoff`; returns how many.
    func purge(createdBefore cutoff: Timestamp) async throws -> Int
}
