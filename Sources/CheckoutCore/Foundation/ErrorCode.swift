/// The contract's error codes (docs/API.md "Conventions"); the raw value is what callers see.
///
/// CheckoutAPI maps each code to an HTTP status in one switch; the domain never knows statuses.
public enum ErrorCode: String, Sendable, Hashable, Codable, CaseIterable {
    case invalidRequest = "invalid_request"
    case unauthenticated
    case forbidden
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case conflict
    case invalidState = "invalid_state"
    case idempotencyKeyReused = "idempotency_key_reused"
    case payloadTooLarge = "payload_too_large"
    case unsupportedMediaType = "unsupported_media_type"
    case outOfStock = "out_of_stock"
    case rateLimited = "rate_limited"
    case `internal`
    /// An upstream platform (WeChat) failed or answered garbage (502).
    case badGateway = "bad_gateway"
    /// Storage or an upstream is temporarily unavailable (503).
    case unavailable
}
