extension PaymentProviderError {
    /// Whether the same request may succeed later: no answer, a platform fault (5xx) or a
    /// rate limit (429). A 4xx refusal is final.
    public var isRetryable: Bool {
        switch kind {
        case .unreachable, .timedOut, .invalidResponse: true
        case .rejected: (httpStatus ?? 500) >= 500 || httpStatus == 429
        }
    }
}
