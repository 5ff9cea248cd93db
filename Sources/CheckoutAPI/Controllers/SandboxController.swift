import CheckoutCore
import CheckoutHTTP
import CheckoutWeChat

/// `POST /v1/sandbox/orders/{id}/pay` (the order's shopper or its shop; 404 unless sandbox
/// mode): the sandbox platform pays the order and sends its signed, encrypted v3
/// notification through the same callback path as WeChat Pay's; answers 200 with the order.
struct SandboxController: APIController {
    let sandbox: SandboxPaymentProvider?
    let callback: PaymentCallbackController
    let orders: OrderService
    let authenticator: Authenticator

    func addRoutes(to routes: APIRoutes) {
        let operation = APIOperation(
            .post, "/v1/sandbox/orders/{id}/pay",
            summary: "Sandbox mode: pay the order and deliver the platform's notification through the callback.",
            tag: "Sandbox", auth: [.shopper, .shop],
            answers: [.init(200, "The order after the notification was applied.", schema: ["type": "object"])],
            errors: [404, 500])
        routes.add(operation) { [sandbox, callback, orders, authenticator] request in
            guard let sandbox else { throw CheckoutError.notFound("Sandbox mode is off.") }
            let caller = try await authenticator.require(request, [.shopper, .shop])
            guard let viewer = caller.orderOwner else { throw CheckoutError.notFound("No such order.") }
            let id = request.parameters["id"] ?? ""
            let order = try await orders.order(id: id, viewer: viewer)
            var payer: String?
            if case .shopper(let session) = caller { payer = session.user.openid }
            let message = try sandbox.pay(order, payerOpenID: payer)
            let answer = await callback.handle(headers: message.headers, body: message.body,
                                               requestID: request.context.requestID)
            guard answer.status == .noContent else {
                throw CheckoutError(.internal, "The sandbox notification was not accepted.")
            }
            return .write(try await orders.order(id: id, viewer: viewer))
        }
    }
}
