/// Told about every answered request, on the event loop thread (keep it cheap: counters).
public protocol ServerObserver: Sendable {
    func exchangeCompleted(_ record: ExchangeRecord)
}

/// One answered request, for metrics.
public struct ExchangeRecord: Sendable {
    public let method: HTTPMethod
    /// The route pattern that answered (`/v1/orders/{id}`), or `nil` when none matched.
    public let route: String?
    public let status: Int
    public let bodyBytes: Int
    public let durationMicroseconds: Int64
}
