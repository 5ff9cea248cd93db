import CheckoutCore
import CheckoutHTTP
import CheckoutQQ
import CheckoutWeChat

/// `POST /v1/sandbox/orders/{id}/pay` (the order's shopper or its shop; 404 unless sandbox
/// mode): the sandbox platform pays the order and sends its notification through the same
/// callback as the real platform's: a signed, encrypted v3 notification to the WeChat Pay
/// callback, or, for an order paid with the sandbox's QQ Wallet, a signed XML notification to
/// the QQ Wallet callback. Answers 200 with the order.
struct SandboxController: APIController {
    let sandbox: SandboxPaymentProvider?
    let sandboxQPay: SandboxQPayProvider?
    let callback: PaymentCallbackController
    let qpayCallback: QPayCallbackController
    let payments: PaymentService
    let orders: OrderService
    let authenticator: Authenticator

    func addRoutes(to routes: APIRoutes) {
        let operation = APIOperation(
            .post, "/v1/sandbox/orders/{id}/pay",
            summary: "Sandbox mode: pay the order and deliver the platform's notification through the callback (QQ Wallet's for qpay payments).",
            tag: "Sandbox", auth: [.shopper, .shop],
            answers: [.init(200, "The order after the notification was applied.", schema: ["type": "object"])],
            errors: [404, 500])
        routes.add(operation) { [self] request in
            guard let sandbox else { throw CheckoutError.notFound("Sandbox mode is off.") }
            let caller = try await authenticator.require(request, [.shopper, .shop])
            guard let viewer = caller.orderOwner else { throw CheckoutError.notFound("No such order.") }
            let id = request.parameters["id"] ?? ""
            let order = try await orders.order(id: id, viewer: viewer)
            let accepted: Bool
            if let sandboxQPay, try await payments.payment(orderID: order.id)?.provider == sandboxQPay.name {
                let answer = await qpayCallback.handle(body: sandboxQPay.pay(order), requestID: request.context.requestID)
                accepted = answer.status == .ok
            } else {
                var payer: String?
                if case .shopper(let session) = caller { payer = session.user.openid }
                let message = try sandbox.pay(order, payerOpenID: payer)
                let answer = await callback.handle(headers: message.headers, body: message.body,
                                                   requestID: request.context.requestID)
                accepted = answer.status == .noContent
            }
            guard accepted else { throw CheckoutError(.internal, "The sandbox notification was not accepted.") }
            return .write(try await orders.order(id: id, viewer: viewer))
        }
    }
}
