import CheckoutCore
import CheckoutHTTP

/// `POST /v1/orders/{id}/refunds` (the order's shop, Idempotency-Key required)
/// `{amount?, reason?}` → 201 refund `{id, order_id, amount, currency, status, …}`.
struct RefundController: APIController {
    let service: PaymentService
    let authenticator: Authenticator
    let idempotency: IdempotencyGate

    struct Body: Decodable {
        var amount: Int64?
        var reason: String?
    }

    static let refundSchema = Schema.object([
        ("id", Schema.string), ("order_id", Schema.string), ("amount", Schema.integer), ("currency", Schema.string),
        ("status", Schema.enumeration(["pending", "succeeded", "failed"])),
        ("origin", Schema.enumeration(["merchant", "paid_after_cancellation"])),
        ("reason", Schema.nullable(Schema.string)), ("created_at", Schema.timestamp),
        ("settled_at", Schema.nullable(Schema.timestamp)),
    ], required: ["id", "order_id", "amount", "currency", "status"])

    func addRoutes(to routes: APIRoutes) {
        let operation = APIOperation(
            .post, "/v1/orders/{id}/refunds",
            summary: "Refund all or part of a paid order; pending and succeeded refunds never exceed the paid amount.",
            tag: "Payments", auth: [.shop], idempotency: .required,
            requestBody: Schema.object([("amount", Schema.integer(1...Int64.max)), ("reason", Schema.string)]),
            answers: [.init(201, "The refund, pending until the platform settles it (a refusal fails it later, as the order's refunds show).",
                            schema: Self.refundSchema)],
            errors: [404, 409])
        routes.add(operation) { [service, authenticator, idempotency] request in
            let caller = try await authenticator.require(request, [.shop])
            let shop = try caller.requireShop()
            return try await idempotency.run(request, caller: caller, required: true,
                                             respond: { try .encode($0, status: .created) }) { commit in
                let body = request.hasBody ? try request.decode(Body.self) : Body()
                return try await service.createRefund(orderID: request.parameters["id"] ?? "", shopID: shop.id,
                                                      amount: body.amount, reason: body.reason, commit: commit)
            }
        }
    }
}
