/// One request's Idempotency-Key as the stores see it: whose, for which endpoint and body.
public struct IdempotencyClaim: Hashable, Sendable {
    /// The caller's scope (keys are per caller).
    public var caller: String
    public var key: String
    /// Method and path with the ids filled in, e.g. `POST /v1/shops/shop_1/orders`.
    public var endpoint: String
    /// `IdempotencyService.requestHash(body:)` of the request body.
    public var requestHash: String

    public init(caller: String, key: String, endpoint: String, requestHash: String) {
        self.caller = caller
        self.key = key
        self.endpoint = endpoint
        self.requestHash = requestHash
    }

    /// What identifies a key: its caller and the key.
    struct Key: Hashable, Sendable {
        var caller: String
        var key: String
    }

    var scopedKey: Key { Key(caller: caller, key: key) }
}

/// A response as stored for a key: status code and body bytes.
public struct IdempotentAnswer: Hashable, Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

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

/// The end of a write run under an optional `IdempotentCommit`.
public enum IdempotentOutcome<Value: Sendable>: Sendable {
    /// The write committed; with a key, `answer` committed with it and is what the caller gets.
    case done(Value, answer: IdempotentAnswer?)
    /// The write failed with a client error; nothing of it was kept, and the error's rendering
    /// was stored as the key's answer. Answer the error as usual.
    case refused(any Error)
    /// The key was answered before: nothing ran; send this again with `Idempotent-Replayed: true`.
    case replay(IdempotentAnswer)

    /// The written value (`done`), the write's error (`refused`), or `conflict` for a replay,
    /// which only a keyed write can meet.
    public func get() throws -> Value {
        switch self {
        case .done(let value, _): return value
        case .refused(let error): throw error
        case .replay: throw CheckoutError.conflict("This Idempotency-Key was answered before.")
        }
    }
}
