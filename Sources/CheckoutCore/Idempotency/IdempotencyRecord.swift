/// A stored idempotency key: who sent it, for which endpoint and body, and, once done, the answer.
public struct IdempotencyRecord: Hashable, Sendable {
    public enum State: String, Hashable, Sendable {
        case inProgress = "in_progress"
        case completed
    }

    public var caller: String
    public var key: String
    public var endpoint: String
    public var requestHash: String
    public var state: State
    public var responseStatus: Int?
    public var responseBody: [UInt8]?
    public var createdAt: Timestamp

    public init(caller: String, key: String, endpoint: String, requestHash: String, state: State,
                responseStatus: Int? = nil, responseBody: [UInt8]? = nil, createdAt: Timestamp) {
        self.caller = caller
        self.key = key
        self.endpoint = endpoint
        self.requestHash = requestHash
        self.state = state
        self.responseStatus = responseStatus
        self.responseBody = responseBody
        self.createdAt = createdAt
    }
}

/// What the caller of `begin` must do.
public enum IdempotencyOutcome: Hashable, Sendable {
    /// Run the request, then `complete` (or `abandon`) the key.
    case proceed
    /// Answer this stored response again, with `Idempotent-Replayed: true`.
    case replay(status: Int, body: [UInt8])
}

/// The pure rules of idempotency keys (API.md "Conventions").
public struct IdempotencyPolicy: Hashable, Sendable {
    /// How long a completed answer is kept and replayed (at least 24 h).
    public var retentionSeconds: Int64
    /// An in-progress key older than this is taken to be abandoned by a crashed process and may
    /// be run again (a live request never takes this long).
    public var staleAfterSeconds: Int64

    public init(retentionSeconds: Int64 = 86_400, staleAfterSeconds: Int64 = 300) {
        self.retentionSeconds = max(retentionSeconds, 86_400)
        self.staleAfterSeconds = staleAfterSeconds
    }

    /// What to do with the record already stored for this caller and key, if any.
    public enum Decision: Hashable, Sendable {
        /// No live record: store a new in-progress one and proceed.
        case start
        case replay(status: Int, body: [UInt8])
    }

    public func decide(existing: IdempotencyRecord?, endpoint: String, requestHash: String,
                       now: Timestamp) throws(CheckoutError) -> Decision {
        guard let existing else { return .start }
        let age = now.milliseconds - existing.createdAt.milliseconds
        switch existing.state {
        case .completed where age >= retentionSeconds * 1000:
            return .start
        case .inProgress where age >= staleAfterSeconds * 1000:
            return .start
        default:
            break
        }
        guard existing.endpoint == endpoint, existing.requestHash == requestHash else {
            throw CheckoutError(.idempotencyKeyReused,
                                "This Idempotency-Key was used with a different request.",
                                param: IdempotencyService.header)
        }
        guard existing.state == .completed, let status = existing.responseStatus else {
            throw .conflict("A request with this Idempotency-Key is still in progress.")
        }
        return .replay(status: status, body: existing.responseBody ?? [])
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
