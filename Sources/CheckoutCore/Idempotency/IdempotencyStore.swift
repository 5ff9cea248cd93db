/// Storage of idempotency keys.
public protocol IdempotencyStore: Sendable {
    /// Atomically: reads the record of (`caller`, `key`), applies `policy`, and on `.start`
    /// stores a new in-progress record (replacing an expired or stale one).
    func begin(caller: String, key: String, endpoint: String, requestHash: String,
               policy: IdempotencyPolicy, now: Timestamp) async throws -> IdempotencyOutcome
    /// Stores the answer of an in-progress key and marks it completed.
    func complete(caller: String, key: String, status: Int, body: [UInt8]) async throws
    /// Forgets the key so a retry runs again.
    func abandon(caller: String, key: String) async throws
    /// Deletes completed records created before `cutoff`; returns how many.
    func purge(createdBefore cutoff: Timestamp) async throws -> Int
    /// Forgets every in-progress key (for start-up: nothing can be running yet); returns how many.
    func releaseInProgress() async throws -> Int
}
