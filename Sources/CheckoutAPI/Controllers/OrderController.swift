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
            return try .encode(try await orders.orders(of: owner, status: status, page: try request.pageRequest()))
        }
        routes.add(APIOperation(
            .get, "/v1/orders/{id}", summary: "One order, to its shopper or its shop.", tag: "Orders",
            auth: [.shopper, .shop], answers: [.init(200, "The order.", schema: order)], errors: [404])) { request in
            let owner = try await viewer(request, [.shopper, .shop])
            return try .encode(try await orders.order(id: try request.pathID("id"), viewer: owner))
        }
        routes.add(transition(.post, "/v1/orders/{id}/cancel", "Cancel a pending_payment order; its stock is released.",
                              auth: [.shopper]) { request, caller in
            let session = try caller.requireShopper()
            return try await orders.cancel(id: try request.pathID("id"), userID: session.user.id)
        })
        routes.add(transition(.post, "/v1/orders/{id}/fulfill", "Mark a paid order shipped with {carrier, tracking_number}.",
                              auth: [.shop], body: Schema.ref("Fulfillment")) { request, caller in
            let shop = try caller.requireShop()
            let fulfillment = try request.decode(Fulfillment.self)
            return try await orders.fulfill(id: try request.pathID("id"), shopID: shop.id, fulfillment)
        })
        routes.add(transition(.post, "/v1/orders/{id}/complete", "Complete a fulfilled order.",
                              auth: [.shopper, .shop]) { request, caller in
            return try await orders.complete(id: try request.pathID("id"), by: try caller.requireOrderOwner())
        })
    }

    /// Places the order, checks the key and stores its answer in ONE write transaction (no
    /// separate claim and answer round trips; a crash keeps both or neither).
    private func place(_ request: Request, session: ShopperSession, shopID: String) async throws -> Response {
        guard let claim = try IdempotencyGate.claim(request, caller: .shopper(session), required: true) else {
            throw CheckoutError.invalidRequest("An Idempotency-Key header is required on this route.",
                                               param: IdempotencyGate.header)
        }
        let draft = Result { try request.decode(OrderDraft.self) }
        let outcome = try await orders.placeOrder(userID: session.user.id, shopID: shopID, draft, claim: claim) { result in
            switch result {
            case .success(let order):
                return IdempotentAnswer(status: HTTPStatus.created.code, body: try JSONCoding.encode(order))
            case .failure(let error):
                let failure = ErrorRenderer.response(for: error)
                guard case .bytes(let body) = failure.body else {
                    return IdempotentAnswer(status: 500, body: [])  // not replayable: not stored
                }
                return IdempotentAnswer(status: failure.status.code, body: body)
            }
        }
        switch outcome {
        case .placed(_, let answer):
            return Response.json(answer.body, status: .created)
        case .refused(let error):
            throw error
        case .replay(let answer):
            return IdempotencyGate.replay(answer)
        }
    }

    /// A status move: authenticated, Idempotency-Key accepted, 409 `invalid_state` from the wrong status.
    private func transition(_ method: HTTPMethod, _ path: String, _ summary: String, auth: Set<Caller.Kind>,
                            body: JSONValue? = nil,
                            _ move: @escaping @Sendable (Request, Caller) async throws -> Order)
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
            return try await context.gate.run(request, caller: caller, required: false) {
                try .encode(try await move(request, caller))
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
