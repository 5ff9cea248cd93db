/// A stored idempotency key: who sent it, for which endpoint and body, and the answer that was
/// committed with the request's effect.
public struct IdempotencyRecord: Hashable, Sendable {
    public var caller: String
    public var key: String
    public var endpoint: String
    public var requestHash: String
    public var answer: IdempotentAnswer
    public var createdAt: Timestamp

    public init(caller: String, key: String, endpoint: String, requestHash: String, answer: IdempotentAnswer,
                createdAt: Timestamp) {
        self.caller = caller
        self.key = key
        self.endpoint = endpoint
        self.requestHash = requestHash
        self.answer = answer
        self.createdAt = createdAt
    }
}

/// The pure rules of idempotency keys (docs/API.md "Conventions").
public struct IdempotencyPolicy: Hashable, Sendable {
    /// How long an answer is kept and replayed (at least 24 h).
    public var retentionSeconds: Int64

    public init(retentionSeconds: Int64 = 86_400) {
        self.retentionSeconds = max(retentionSeconds, 86_400)
    }

    /// The answer to send again for `claim`, given the record stored for its caller and key.
    /// - Returns: nil when there is no live record (run the request).
    /// - Throws: `idempotency_key_reused` for a record of another endpoint or body.
    public func decide(existing: IdempotencyRecord?, claim: IdempotencyClaim,
                       now: Timestamp) throws(CheckoutError) -> IdempotentAnswer? {
        guard let existing, now.milliseconds - existing.createdAt.milliseconds < retentionSeconds * 1000 else {
            return nil
        }
        guard existing.endpoint == claim.endpoint, existing.requestHash == claim.requestHash else {
            throw CheckoutError(.idempotencyKeyReused,
                                "This Idempotency-Key was used with a different request.",
                                param: IdempotencyService.header)
        }
        return existing.answer
    }

    /// Checks a key: 1–255 printable ASCII characters; else `invalid_request` on the header.
    public static func validate(key: String) throws(CheckoutError) {
        let bytes = key.utf8
        guard (1...255).contains(bytes.count), bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidRequest("Idempotency-Key must be 1 to 255 printable ASCII characters.",
                                  param: IdempotencyService.header)
        }
    }
}
