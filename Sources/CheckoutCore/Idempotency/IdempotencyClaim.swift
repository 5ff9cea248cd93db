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

/// The end of an order placed under an Idempotency-Key (one transaction with the key's answer).
public enum IdempotentPlacement: Sendable {
    /// A new order; `answer` (the 201) is stored as the key's answer.
    case placed(Order, IdempotentAnswer)
    /// Placement failed with a client error; nothing of the order was kept, and the error's
    /// rendering is stored as the key's answer. Answer the error as usual.
    case refused(any Error)
    /// The key was answered before: send this again with `Idempotent-Replayed: true`.
    case replay(IdempotentAnswer)
}
