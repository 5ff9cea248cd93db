import CheckoutCore
import CheckoutHTTP

/// `POST /v1/orders/{id}/payments` (the order's shopper, Idempotency-Key required): places a
/// prepay and answers `{id, order_id, provider, status: "pending", pay_params}` with 201.
struct PaymentController: APIController {
    let service: PaymentService
    let authenticator: Authenticator
    let idempotency: IdempotencyGate

    struct Body: Decodable {
        var provider: String?
    }

    static let providers = ["wechatpay", "sandbox", "qpay", "wechatpay_qq"]

    /// `wx.requestPayment`'s fields (wechatpay, sandbox), `qq.requestPayment`'s (qpay) or
    /// `qq.requestWxPayment`'s (wechatpay_qq).
    static let payParamsSchema: JSONValue = ["oneOf": [
        Schema.object([
            ("appId", Schema.string), ("timeStamp", Schema.string), ("nonceStr", Schema.string),
            ("package", Schema.string("prepay_id=…")), ("signType", Schema.string("RSA")),
            ("paySign", Schema.string("Base64 RSA-SHA256 over appId\\ntimeStamp\\nnonceStr\\npackage\\n.")),
        ], required: ["appId", "timeStamp", "nonceStr", "package", "signType", "paySign"]),
        Schema.object([("package", Schema.string("prepay_id=… (QQ Wallet)")),
                       ("bargainor_id", Schema.string("The QQ Wallet merchant id."))], required: ["package", "bargainor_id"]),
        Schema.object([("url", Schema.string("WeChat Pay's H5 payment URL.")),
                       ("referer", Schema.string("The H5 domain registered at WeChat Pay."))], required: ["url", "referer"]),
    ]]

    static let paymentSchema = Schema.object([
        ("id", Schema.string), ("order_id", Schema.string), ("provider", Schema.enumeration(providers)),
        ("status", Schema.enumeration(["pending"])), ("pay_params", payParamsSchema),
    ], required: ["id", "order_id", "provider", "status", "pay_params"])

    func addRoutes(to routes: APIRoutes) {
        let operation = APIOperation(
            .post, "/v1/orders/{id}/payments",
            summary: "Place a prepay for a pending_payment order and get the payment sheet's parameters: wx.requestPayment's (wechatpay, sandbox), qq.requestPayment's (qpay) or qq.requestWxPayment's (wechatpay_qq).",
            tag: "Payments", auth: [.shopper], idempotency: .required,
            requestBody: Schema.object([("provider", Schema.enumeration(Self.providers))]),
            answers: [.init(201, "The payment, pending until the platform reports it paid.", schema: Self.paymentSchema)],
            errors: [404, 409, 502])
        routes.add(operation) { [service, authenticator, idempotency] request in
            let caller = try await authenticator.require(request, [.shopper])
            let session = try caller.requireShopper()
            return try await idempotency.run(request, caller: caller, required: true,
                                             respond: { try .encode($0, status: .created) }) { commit in
                let body = request.hasBody ? try request.decode(Body.self) : Body()
                return try await service.createPayment(
                    orderID: request.parameters["id"] ?? "", userID: session.user.id,
                    payerOpenID: session.user.openid, provider: body.provider,
                    payerIP: request.context.remoteAddress.isEmpty ? nil : request.context.remoteAddress, commit: commit)
            }
        }
    }
}
