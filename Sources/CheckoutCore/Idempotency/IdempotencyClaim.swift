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
