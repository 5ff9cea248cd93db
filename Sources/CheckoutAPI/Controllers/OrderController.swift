import CheckoutCore
import CheckoutHTTP

/// Orders: a shopper places one (Idempotency-Key required; stock reserved and prices
/// snapshotted in one transaction), shopper and shop read their own, and the status machine's
/// moves: cancel (shopper), fulfill (shop), complete (either). Another caller's order is 404.
struct OrderController: APIController {
    let context: CommerceContext
    var orders: OrderService { context.services.orders }

    func addRoutes(to routes: APIRoutes) {
        let order = Schema.ref("Order")
        routes.add(APIOperation(
            .post, "/v1/shops/{shop_id}/orders",
            summary: "Place an order from items, or from the whole cart when items is absent (the purchased lines leave the cart).",
            tag: "Orders", auth: [.shopper], idempotency: .required, requestBody: Schema.ref("OrderDraft"),
            answers: [
                .init(201, "The order, pending_payment until paid or expired.", schema: order),
                .init(409, "out_of_stock (param items[i].quantity), idempotency_key_reused, or conflict while the first request with the key runs.",
                      schema: Schema.ref("Error")),
            ], errors: [404])) { request in
            let session = try await context.authenticator.requireShopper(request)
            let shopID = try request.pathID("shop_id")
            return try await place(request, session: session, shopID: shopID)
        }
        routes.add(APIOperation(
            .get, "/v1/orders", summary: "The caller's orders (a shopper's own, or a shop's), newest first.",
            tag: "Orders", auth: [.shopper, .shop],
            query: ProductController.pageQuery + [
                .init("status", Schema.enumeration(OrderStatus.allCases.map(\.rawValue)), "Only orders in this status."),
            ],
            answers: [.init(200, "A page of orders.", schema: Schema.ref("OrderList"))])) { request in
            let owner = try await viewer(request, [.shopper, .shop])
            let status = try request.queryItems["status"].map { try OrderStatus.parse($0) }
            return .write(try await orders.orders(of: owner, status: status, page: try request.pageRequest()))
        }
        routes.add(APIOperation(
            .get, "/v1/orders/{id}", summary: "One order, to its shopper or its shop.", tag: "Orders",
            auth: [.shopper, .shop], answers: [.init(200, "The order.", schema: order)], errors: [404])) { request in
            let owner = try await viewer(request, [.shopper, .shop])
            return .write(try await orders.order(id: try request.pathID("id"), viewer: owner))
        }
        routes.add(transition(.post, "/v1/orders/{id}/cancel", "Cancel a pending_payment order; its stock is released.",
                              auth: [.shopper]) { request, caller, commit in
            try await orders.cancel(id: try request.pathID("id"), userID: try caller.requireShopper().user.id,
                                    commit: commit)
        })
        routes.add(transition(.post, "/v1/orders/{id}/fulfill", "Mark a paid order shipped with {carrier, tracking_number}.",
                              auth: [.shop], body: Schema.ref("Fulfillment")) { request, caller, commit in
            let fulfillment = try request.decode(Fulfillment.self)
            return try await orders.fulfill(id: try request.pathID("id"), shopID: try caller.requireShop().id, fulfillment,
                                            commit: commit)
        })
        routes.add(transition(.post, "/v1/orders/{id}/complete", "Complete a fulfilled order.",
                              auth: [.shopper, .shop]) { request, caller, commit in
            try await orders.complete(id: try request.pathID("id"), by: try caller.requireOrderOwner(), commit: commit)
        })
    }

    /// Places the order, checks the key and stores its answer in ONE write transaction (no
    /// separate claim and answer round trips; a crash keeps both or neither). The key is not
    /// looked up first: nothing runs before the store's job, which finds a stored answer itself
    /// (a flash sale's buyers each save a read transaction; a replay costs a write job).
    private func place(_ request: Request, session: ShopperSession, shopID: String) async throws -> Response {
        try await context.gate.run(request, caller: .shopper(session), required: true, readFirst: false,
                                   respond: { .write($0, status: .created) }) { commit in
            let draft = Result { () throws -> OrderDraft in
                try request.requireJSONContentType()
                return try OrderDraftDecoder.decode(request.body)
            }
            return try await orders.placeOrder(userID: session.user.id, shopID: shopID, draft, commit: commit)
        }
    }

    /// A status move: authenticated, Idempotency-Key accepted, 409 `invalid_state` from the wrong status.
    private func transition(_ method: HTTPMethod, _ path: String, _ summary: String, auth: Set<Caller.Kind>,
                            body: JSONValue? = nil,
                            _ move: @escaping @Sendable (Request, Caller, IdempotentCommit<Order>?) async throws
                                -> IdempotentOutcome<Order>)
        -> (APIOperation, RouteHandler) {
        let operation = APIOperation(
            method, path, summary: summary, tag: "Orders", auth: auth, idempotency: .accepted, requestBody: body,
            answers: [
                .init(200, "The order as saved.", schema: Schema.ref("Order")),
                .init(409, "invalid_state: the order's status does not allow this.", schema: Schema.ref("Error")),
            ], errors: [404])
        let context = self.context
        return (operation, { request in
            let caller = try await context.authenticator.require(request, auth)
            return try await context.gate.run(request, caller: caller, required: false,
                                              respond: { .write($0) }) { commit in
                try await move(request, caller, commit)
            }
        })
    }

    private func viewer(_ request: Request, _ kinds: Set<Caller.Kind>) async throws -> OrderOwner {
        try await context.authenticator.require(request, kinds).requireOrderOwner()
    }
}

extension APIRoutes {
    /// Registers an operation built together with its handler.
    func add(_ pair: (APIOperation, RouteHandler)) {
        add(pair.0, pair.1)
    }
}
