/// Settings of the domain that come from configuration.
public struct CheckoutConfiguration: Hashable, Sendable {
    /// Seconds before an unpaid order expires (`CHECKOUT_ORDER_TTL`). Default 900.
    public var orderTTLSeconds: Int64 = 900
    /// Seconds a shopper session lives. Default 7 days.
    public var sessionTTLSeconds: Int64 = 7 * 86_400
    /// Idempotency retention (≥ 24 h) and stale in-progress takeover.
    public var idempotency = IdempotencyPolicy()

    public init(orderTTLSeconds: Int64 = 900, sessionTTLSeconds: Int64 = 7 * 86_400,
                idempotency: IdempotencyPolicy = .init()) {
        self.orderTTLSeconds = orderTTLSeconds
        self.sessionTTLSeconds = sessionTTLSeconds
        self.idempotency = idempotency
    }
}

/// Every domain service, wired to one set of stores, clock and id generator.
public struct CheckoutServices: Sendable {
    public let catalog: CatalogService
    public let sessions: SessionService
    public let carts: CartService
    public let orders: OrderService
    public let idempotency: IdempotencyService
    public let expiry: OrderExpiryScheduler

    public init(shops: any ShopStore, products: any ProductStore, sessions: any SessionStore,
                carts: any CartStore, orders: any OrderStore, idempotency: any IdempotencyStore,
                clock: any Clock = SystemClock(), ids: any IDGenerator = RandomIDGenerator(),
                configuration: CheckoutConfiguration = .init(),
                onOrdersExpired: @escaping @Sendable ([String]) async -> Void = { _ in }) {
        catalog = CatalogService(shops: shops, products: products, clock: clock, ids: ids)
        self.sessions = SessionService(store: sessions, clock: clock, ids: ids,
                                       ttlSeconds: configuration.sessionTTLSeconds)
        self.carts = CartService(shops: shops, carts: carts, clock: clock)
        self.orders = OrderService(orders: orders, clock: clock, ids: ids, ttlSeconds: configuration.orderTTLSeconds)
        self.idempotency = IdempotencyService(store: idempotency, clock: clock, policy: configuration.idempotency)
        expiry = OrderExpiryScheduler(orders: self.orders, onExpired: onOrdersExpired)
    }

    /// The services on `stores` (any backend).
    /// - Parameter onOrdersExpired: told the ids of orders each expiry run cancelled.
    public init(stores: CheckoutStores, clock: any Clock = SystemClock(),
                ids: any IDGenerator = RandomIDGenerator(), configuration: CheckoutConfiguration = .init(),
                onOrdersExpired: @escaping @Sendable ([String]) async -> Void = { _ in }) {
        self.init(shops: stores.shops, products: stores.products, sessions: stores.sessions, carts: stores.carts,
                  orders: stores.orders, idempotency: stores.idempotency, clock: clock, ids: ids,
                  configuration: configuration, onOrdersExpired: onOrdersExpired)
    }
}
