import CheckoutCore
import CheckoutHTTP
import Foundation
import Logging

/// What the commerce controllers (shops, products, sessions, carts, orders) share: the domain
/// services, the authenticator, the idempotency gate and the few settings they read.
struct CommerceContext: Sendable {
    let services: CheckoutServices
    let authenticator: Authenticator
    let gate: IdempotencyGate
    /// `CHECKOUT_SANDBOX`: enables `platform: "sandbox"` logins.
    let sandbox: Bool
    /// The WeChat code2session client, nil when WeChat login is not configured.
    let shopperLogin: (any ShopperLogin)?
    /// The QQ code2session client, nil when QQ login is not configured.
    let qqLogin: (any ShopperLogin)?
    /// Logins per client address.
    let loginLimiter: TokenBucketLimiter

    init(services: CheckoutServices, authenticator: Authenticator, logger: Logger, sandbox: Bool,
         shopperLogin: (any ShopperLogin)?, qqLogin: (any ShopperLogin)? = nil,
         loginLimiter: TokenBucketLimiter = TokenBucketLimiter()) {
        self.services = services
        self.authenticator = authenticator
        self.gate = IdempotencyGate(service: services.idempotency)
        self.sandbox = sandbox
        self.shopperLogin = shopperLogin
        self.qqLogin = qqLogin
        self.loginLimiter = loginLimiter
    }

    /// Registers every commerce controller on `routes`.
    func addControllers(to routes: APIRoutes) {
        routes.add(ShopController(context: self))
        routes.add(ProductController(context: self))
        routes.add(SessionController(context: self))
        routes.add(CartController(context: self))
        routes.add(OrderController(context: self))
    }
}

extension Request {
    /// The path parameter `name` (the router always fills the ones of its pattern).
    func pathID(_ name: String) throws -> String {
        guard let value = parameters[name], !value.isEmpty else {
            throw CheckoutError.notFound("No such \(name.replacingOccurrences(of: "_id", with: "")).")
        }
        return value
    }
}
