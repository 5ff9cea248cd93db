import CheckoutCrypto
import CheckoutThreads

/// Idempotency keys for POST requests: a duplicate replays, a reused key with another body is
/// refused, a concurrent duplicate is refused while the first runs; never both run.
///
/// There is one mechanism: a write commits its effect and its key's answer in one transaction
/// (`IdempotentCommit`), so a crash keeps both or neither. Keys whose request is running in this
/// process are held in memory only, so a crash leaves nothing to release.
public struct IdempotencyService: Sendable {
    /// The request header carrying the key.
    public static let header = "Idempotency-Key"

    let store: any IdempotencyStore
    let clock: any Clock
    public let policy: IdempotencyPolicy
    private let running = RunningKeys()

    public init(store: any IdempotencyStore, clock: any Clock, policy: IdempotencyPolicy = .init()) {
        self.store = store
        self.clock = clock
        self.policy = policy
    }

    /// The request hash of a claim: SHA-256 hex of the body.
    public static func requestHash(body: [UInt8]) -> String {
        SHA256.hex(body)
    }

    /// Runs `write` at most once per key: replays a stored answer, refuses a key in use by a
    /// running request, and otherwise hands `write` the commit that its store runs in the same
    /// transaction as the effect. A client error thrown before the write reached its store
    /// changed nothing; its rendering is stored alone.
    /// - Parameters:
    ///   - readFirst: look the key up before `write` runs (true), so a replay costs one read and
    ///     nothing before the store runs twice. False only for writes that do nothing before
    ///     their store's job, which checks the key itself (order placement): a first request then
    ///     skips a read transaction, and a replay is answered by the write job instead.
    ///   - answer: renders a result as the response to store (runs inside the write's transaction).
    /// - Returns: the outcome, whose answer is what the caller gets.
    /// - Throws: `invalid_request` for a malformed key, `idempotency_key_reused`, `conflict` while
    ///   a request with the key runs in this process; `write`'s errors (stored when below 500).
    public func run<Value: Sendable>(
        _ claim: IdempotencyClaim,
        readFirst: Bool = true,
        answer: @escaping @Sendable (Result<Value, any Error>) throws -> IdempotentAnswer,
        _ write: (IdempotentCommit<Value>) async throws -> IdempotentOutcome<Value>
    ) async throws -> IdempotentOutcome<Value> {
        try IdempotencyPolicy.validate(key: claim.key)
        if readFirst, let stored = try await store.answer(for: claim, policy: policy, now: clock.now()) {
            return .replay(stored)
        }
        guard running.insert(claim) else {
            throw CheckoutError.conflict("A request with this Idempotency-Key is still in progress.")
        }
        defer { running.remove(claim) }
        let commit = IdempotentCommit(claim: claim, policy: policy, now: clock.now(), answer: answer)
        let outcome: IdempotentOutcome<Value>
        do {
            outcome = try await write(commit)
        } catch {
            // Nothing was written (the write's own client errors come back as `.refused`).
            guard let rendered = try? answer(.failure(error)), rendered.status < 500 else { throw error }
            let kept = try await store.store(rendered, for: claim, policy: policy, now: clock.now())
            return kept == rendered ? .refused(error) : .replay(kept)
        }
        if case .done(_, answer: nil) = outcome {
            // The write's store ignored the commit: its effect may stand without an answer.
            throw CheckoutError(.internal, "A keyed write committed without its Idempotency-Key answer.")
        }
        return outcome
    }

    /// Deletes answers past the retention period; returns how many.
    @discardableResult
    public func purgeExpired() async throws -> Int {
        try await store.purge(createdBefore: clock.now().adding(seconds: -policy.retentionSeconds))
    }
}

/// The keys whose request runs in this process now.
private final class RunningKeys: Sendable {
    private let keys = Locked<Set<IdempotencyClaim.Key>>([])

    /// False when the key is running already.
    func insert(_ claim: IdempotencyClaim) -> Bool {
        keys.withLock { $0.insert(claim.scopedKey).inserted }
    }

    func remove(_ claim: IdempotencyClaim) {
        _ = keys.withLock { $0.remove(claim.scopedKey) }
    }
}
