/// Orders: placing (stock reserved, prices snapshotted), reading with ownership, the status
/// machine's moves, and expiry of unpaid orders.
public struct OrderService: Sendable {
    let orders: any OrderStore
    let clock: any Clock
    let ids: any IDGenerator
    /// Seconds an unpaid order lives (`CHECKOUT_ORDER_TTL`, default 900).
    public let ttlSeconds: Int64
    /// Work run before cancels and expiry passes (closing prepays at the payment platform).
    public let hooks: OrderHooks

    public init(orders: any OrderStore, clock: any Clock, ids: any IDGenerator, ttlSeconds: Int64 = 900,
                hooks: OrderHooks = OrderHooks()) {
        self.orders = orders
        self.clock = clock
        self.ids = ids
        self.ttlSeconds = ttlSeconds
        self.hooks = hooks
    }

    /// Places an order for `userID` in `shopID` from `draft.items`, or from the whole cart when
    /// they are absent (emptying the purchased lines), in one transaction.
    /// - Throws: `not_found` for an unknown shop; `invalid_request` with `param` for bad input,
    ///   an empty order or a product of another shop, inactive or unknown; `out_of_stock`
    ///   (`items[i].quantity`) when a line cannot be reserved.
    public func placeOrder(userID: String, shopID: String, _ draft: OrderDraft) async throws -> Order {
        let order = try await orders.place(try makePlacement(userID: userID, shopID: shopID, draft))
        hooks.afterPlace(order)
        return order
    }

    /// Places an order under an Idempotency-Key in ONE write transaction with the key's answer:
    /// a crash commits both or neither, and duplicates (even concurrent ones) never place twice.
    /// - Parameters:
    ///   - draft: the decoded body, or why it could not be decoded (stored as the answer when 4xx).
    /// - Returns: the new order with its stored answer, a stored client error, or a replay.
    /// - Throws: server errors (nothing stored).
    public func placeOrder(userID: String, shopID: String, _ draft: Result<OrderDraft, any Error>,
                           commit: IdempotentCommit<Order>?) async throws -> IdempotentOutcome<Order> {
        let placement = draft.flatMap { draft in
            Result { () throws(CheckoutError) -> OrderPlacement in
                try makePlacement(userID: userID, shopID: shopID, draft)
            }.mapError { $0 as any Error }
        }
        guard let commit else {
            let order = try await orders.place(try placement.get())
            hooks.afterPlace(order)
            return .done(order, answer: nil)
        }
        let outcome = try await orders.place(placement, commit: commit)
        if case .done(let order, _) = outcome { hooks.afterPlace(order) }
        return outcome
    }

    /// The order if `viewer` may see it (its shopper or its shop); otherwise `not_found`.
    public func order(id: String, viewer: OrderOwner) async throws -> Order {
        guard let order = try await orders.order(id: id), Self.isVisible(order, to: viewer) else {
            throw CheckoutError.notFound("No such order.")
        }
        return order
    }

    /// The viewer's orders, newest first, optionally of one status.
    public func orders(of viewer: OrderOwner, status: OrderStatus? = nil, page: PageRequest) async throws -> Page<Order> {
        try await orders.orders(of: viewer, status: status, page: page)
    }

    /// The shopper cancels a pending order; its stock is released.
    public func cancel(id: String, userID: String, commit: IdempotentCommit<Order>? = nil)
        async throws -> IdempotentOutcome<Order> {
        _ = try await order(id: id, viewer: .user(userID))
        try await hooks.beforeCancel(id)
        let now = clock.now()
        return try await update(id: id, viewer: .user(userID), commit: commit) { order in
            try order.status.transition(to: .cancelled)
            order.cancelledAt = now
            order.cancellationReason = .requested
            return true
        }
    }

    /// The shop ships a paid order.
    public func fulfill(id: String, shopID: String, _ fulfillment: Fulfillment,
                        commit: IdempotentCommit<Order>? = nil) async throws -> IdempotentOutcome<Order> {
        let fulfillment = try fulfillment.validated()
        let now = clock.now()
        return try await update(id: id, viewer: .shop(shopID), commit: commit) { order in
            try order.status.transition(to: .fulfilled)
            order.fulfilledAt = now
            order.fulfillment = fulfillment
            return false
        }
    }

    /// The shopper or the shop completes a fulfilled order.
    public func complete(id: String, by viewer: OrderOwner,
                         commit: IdempotentCommit<Order>? = nil) async throws -> IdempotentOutcome<Order> {
        let now = clock.now()
        return try await update(id: id, viewer: viewer, commit: commit) { order in
            try order.status.transition(to: .completed)
            order.completedAt = now
            return false
        }
    }

    /// Marks a pending order paid (for the payments layer, under its own checks).
    /// - Throws: `invalid_state` unless the order is `pending_payment`; `not_found` when unknown.
    public func markPaid(id: String, at time: Timestamp? = nil) async throws -> Order {
        let paidAt = time ?? clock.now()
        return try await update(id: id, viewer: nil) { order in
            try order.status.transition(to: .paid)
            order.paidAt = paidAt
            return false
        }.get()
    }

    /// Cancels every pending order whose `expires_at` has passed at `now`, releasing stock once.
    /// - Returns: the ids of the orders cancelled by this call.
    public func expireDue(now: Timestamp? = nil, batchSize: Int = 500) async throws -> [String] {
        let now = now ?? clock.now()
        await hooks.beforeExpiry(now)
        var expired = [String]()
        while true {
            let batch = try await orders.expireDue(now: now, limit: batchSize)
            expired += batch
            if batch.count < batchSize { return expired }
        }
    }

    static func isVisible(_ order: Order, to viewer: OrderOwner?) -> Bool {
        switch viewer {
        case .user(let id): order.userID == id
        case .shop(let id): order.shopID == id
        case nil: true
        }
    }

    private func update(id: String, viewer: OrderOwner?, commit: IdempotentCommit<Order>? = nil,
                        _ change: @escaping @Sendable (inout Order) throws -> Bool) async throws -> IdempotentOutcome<Order> {
        try await orders.update(id: id, commit: commit) { order in
            guard Self.isVisible(order, to: viewer) else { throw CheckoutError.notFound("No such order.") }
            return try change(&order)
        }
    }

    /// Checks the draft and fixes id and times.
    func makePlacement(userID: String, shopID: String, _ draft: OrderDraft) throws(CheckoutError) -> OrderPlacement {
        if let items = draft.items {
            guard !items.isEmpty else { throw .invalidRequest("An order needs at least one item.", param: "items") }
            guard items.count <= OrderDraft.maximumLines else {
                throw .invalidRequest("An order has at most \(OrderDraft.maximumLines) items.", param: "items")
            }
            for (index, line) in items.enumerated() {
                guard !line.productID.isEmpty, line.productID.utf8.count <= 64 else {
                    throw .invalidRequest("product_id is not a valid id.", param: "items[\(index)].product_id")
                }
                guard LineRequest.quantityRange.contains(line.quantity) else {
                    throw .invalidRequest("quantity must be between 1 and 999.", param: "items[\(index)].quantity")
                }
            }
        }
        let shareCode = try Validate.optionalText(draft.shareCode, param: "share_code", maxLength: 64)
        if let shareCode, !Base62.isBase62(shareCode) {
            throw .invalidRequest("share_code is not a share code.", param: "share_code")
        }
        if let scene = draft.scene, !(0...999_999).contains(scene) {
            throw .invalidRequest("scene must be a chat scene number.", param: "scene")
        }
        let now = clock.now()
        return OrderPlacement(
            id: PendingOrderID(mintedBy: ids), shopID: shopID, userID: userID, lines: draft.items,
            shipping: try draft.shipping.validated(), shareCode: shareCode, scene: draft.scene,
            note: try Validate.optionalText(draft.note, param: "note", maxLength: OrderDraft.maximumNoteLength),
            createdAt: now, expiresAt: now.adding(seconds: ttlSeconds))
    }
}
