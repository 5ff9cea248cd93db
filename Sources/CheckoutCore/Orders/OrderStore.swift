/// What to place: everything but the lines' products, which the store reads in its transaction.
public struct OrderPlacement: Hashable, Sendable {
    /// The new order's id, minted when first read if the placement was made with a generator.
    public var id: String {
        get { pendingID.value }
        set { pendingID = PendingOrderID(newValue) }
    }
    private var pendingID: PendingOrderID
    public var shopID: String
    public var userID: String
    /// The lines to buy; nil buys the user's whole cart in the shop and removes those lines.
    public var lines: [LineRequest]?
    public var shipping: Shipping
    public var shareCode: String?
    public var scene: Int?
    public var note: String?
    public var createdAt: Timestamp
    public var expiresAt: Timestamp

    public init(id: PendingOrderID, shopID: String, userID: String, lines: [LineRequest]?, shipping: Shipping,
                shareCode: String?, scene: Int?, note: String?, createdAt: Timestamp, expiresAt: Timestamp) {
        pendingID = id
        self.shopID = shopID
        self.userID = userID
        self.lines = lines
        self.shipping = shipping
        self.shareCode = shareCode
        self.scene = scene
        self.note = note
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    /// Mints the id now if it is still pending: a store calls this before queuing the write, so
    /// the single writer thread does not mint it.
    public func mintID() {
        _ = pendingID.value
    }
}

/// Which orders a list shows.
public enum OrderOwner: Hashable, Sendable {
    case shop(String)
    case user(String)
}

/// Storage of orders and their stock reservations.
public protocol OrderStore: Sendable {
    /// In ONE transaction: checks each line with `OrderPricing`, reserves stock with a guarded
    /// decrement (never below zero), snapshots titles and prices, saves the order, and when
    /// buying the cart removes the purchased lines. Any failure leaves nothing changed.
    func place(_ placement: OrderPlacement) async throws -> Order
    /// `place` under an Idempotency-Key: the order and the key's answer in ONE transaction (see
    /// `IdempotentCommit`). `placement` may carry the request's validation failure instead, which
    /// is answered (and stored) like a placement error.
    func place(_ placement: Result<OrderPlacement, any Error>, commit: IdempotentCommit<Order>)
        async throws -> IdempotentOutcome<Order>
    func order(id: String) async throws -> Order?
    /// Newest first, optionally one status only.
    func orders(of owner: OrderOwner, status: OrderStatus?, page: PageRequest) async throws -> Page<Order>
    /// Atomically reads order `id`, lets `change` edit it (status and its timestamps,
    /// fulfillment), and saves it guarded on the status it was read with. When `change` returns
    /// true the order's reserved stock is put back in the same transaction. With a `commit`, the
    /// key's answer is stored in that same transaction. No such order is `not_found`.
    func update(id: String, commit: IdempotentCommit<Order>?,
                _ change: @escaping @Sendable (inout Order) throws -> Bool) async throws -> IdempotentOutcome<Order>
    /// Cancels (reason `expired`) up to `limit` pending orders whose `expires_at` is at or before
    /// `now`, releasing their stock exactly once, in one transaction.
    /// - Returns: the ids of the orders it cancelled.
    func expireDue(now: Timestamp, limit: Int) async throws -> [String]
    /// How many orders there are of each status (for `/metrics`); statuses with none are absent.
    func countsByStatus() async throws -> [OrderStatus: Int]
}
