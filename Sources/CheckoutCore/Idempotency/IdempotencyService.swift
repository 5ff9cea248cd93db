/// Idempotency keys for POST requests: a duplicate replays, a reused key with another body is
/// refused, a concurrent duplicate is refused while the first runs; never both run.
public struct IdempotencyService: Sendable {
    /// The request header carrying the key.
    public static let header = "Idempotency-Key"

    let store: any IdempotencyStore
    let clock: any Clock
    public let policy: IdempotencyPolicy

    public init(store: any IdempotencyStore, clock: any Clock, policy: IdempotencyPolicy = .init()) {
        self.store = store
        self.clock = clock
        self.policy = policy
    }

    /// The request hash to pass to `begin`: SHA-256 hex of the body.
    public static func requestHash(body: some Sequence<UInt8>) -> String {
        SHA256.hex(body)
    }

    /// Claims `key` for `caller` on `endpoint` (e.g. `POST /v1/shops/{shop_id}/orders` with the
    /// ids filled in).
    /// - Returns: `.proceed` to run the request, or `.replay` with the first answer.
    /// - Throws: `invalid_request` for a malformed key, `idempotency_key_reused` for another body
    ///   or endpoint, `conflict` while the first request is still running.
    public func begin(caller: String, key: String, endpoint: String,
                      requestHash: String) async throws -> IdempotencyOutcome {
        try IdempotencyPolicy.validate(key: key)
        return try await store.begin(caller: caller, key: key, endpoint: endpoint,
                                     requestHash: requestHash, policy: policy, now: clock.now())
    }

    /// Records the answer to a request that `begin` let proceed. A 5xx answer is not stored: the
    /// key is forgotten so a retry runs again.
    public func complete(caller: String, key: String, status: Int, body: [UInt8]) async throws {
        if status >= 500 {
            try await store.abandon(caller: caller, key: key)
        } else {
            try await store.complete(caller: caller, key: key, status: status, body: body)
        }
    }

    /// Forgets a key whose request failed without an answer worth replaying.
    public func abandon(caller: String, key: String) async throws {
        try await store.abandon(caller: caller, key: key)
    }

    /// Deletes answers past the retention period; returns how many.
    @discardableResult
    public func purgeExpired() async throws -> Int {
        try await store.purge(createdBefore: clock.now().adding(seconds: -policy.retentionSeconds))
    }

    /// At start-up: forgets keys left in progress by a previous process.
    @discardableResult
    public func releaseInProgress() async throws -> Int {
        try await store.releaseInProgress()
    }
}
