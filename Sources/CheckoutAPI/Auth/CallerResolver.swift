import CheckoutCore

/// Finds the shop or the shopper session a bearer secret belongs to.
public protocol CallerResolver: Sendable {
    /// The shop whose secret key this is, or nil.
    func shop(secretKey: String) async throws -> Shop?
    /// The live session of this token, or nil when unknown, expired or revoked.
    func session(token: String) async throws -> ShopperSession?
}

/// The resolver backed by CheckoutCore's services (hashes compared in constant time there).
public struct ServiceCallerResolver: CallerResolver {
    let catalog: CatalogService
    let sessions: SessionService

    public init(catalog: CatalogService, sessions: SessionService) {
        self.catalog = catalog
        self.sessions = sessions
    }

    public func shop(secretKey: String) async throws -> Shop? {
        try await catalog.authenticateShop(secretKey: secretKey)
    }

    public func session(token: String) async throws -> ShopperSession? {
        try await sessions.authenticate(token: token)
    }
}
