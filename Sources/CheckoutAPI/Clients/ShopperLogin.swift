import CheckoutCore

/// Exchanges a chat platform's login code for the shopper's openid (`POST /v1/sessions`).
/// Implementations never create a session themselves and never log secrets.
public protocol ShopperLogin: Sendable {
    /// The openid the platform vouches for.
    /// - Throws: `CheckoutError` `unauthenticated` when the platform refuses the code,
    ///   `bad_gateway` (502) when it is unreachable or answers garbage, `unavailable` (503)
    ///   when it is busy or too slow.
    func openid(forCode code: String) async throws -> String
}
