/// Every store the domain runs on, all from one backend (SQLite, PostgreSQL, ...).
///
/// The app is assembled from one of these: `CheckoutServices(stores:)` wires the services,
/// the payments side takes `payments`, and the API reaches readiness and metrics through
/// `health` and the stores' own methods, never through SQL.
public struct CheckoutStores: Sendable {
    public var shops: any ShopStore
    public var products: any ProductStore
    public var sessions: any SessionStore
    public var carts: any CartStore
    public var orders: any OrderStore
    public var idempotency: any IdempotencyStore
    public var payments: any PaymentStore
    /// Share links, clicks, their counters, paid-order events and live tokens; nil on a
    /// backend without one: the share routes are then not served.
    public var shares: (any ShareStore)?
    /// Carries committed share events to live streams: nil for the process-local bus (one
    /// replica, SQLite); PostgreSQL's `LISTEN/NOTIFY` bus reaches every replica of the database.
    public var shareEvents: (any ShareEventBus)?
    /// Reward programs, commissions, their ledger and payouts.
    public var rewards: any RewardStore
    /// Readiness and shutdown of the backend as a whole.
    public var health: any StoreHealth

    public init(shops: any ShopStore, products: any ProductStore, sessions: any SessionStore,
                carts: any CartStore, orders: any OrderStore, idempotency: any IdempotencyStore,
                payments: any PaymentStore, shares: (any ShareStore)? = nil, rewards: any RewardStore,
                health: any StoreHealth) {
        self.shops = shops
        self.products = products
        self.sessions = sessions
        self.carts = carts
        self.orders = orders
        self.idempotency = idempotency
        self.payments = payments
        self.shares = shares
        self.rewards = rewards
        self.health = health
    }
}
