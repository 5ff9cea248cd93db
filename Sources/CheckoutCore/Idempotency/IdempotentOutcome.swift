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

extension IdempotentOutcome {
    /// The same outcome with the written value transformed (replays and refusals unchanged).
    public func map<T: Sendable>(_ transform: (Value) throws -> T) rethrows -> IdempotentOutcome<T> {
        switch self {
        case .done(let value, let answer): .done(try transform(value), answer: answer)
        case .refused(let error): .refused(error)
        case .replay(let answer): .replay(answer)
        }
    }
}
