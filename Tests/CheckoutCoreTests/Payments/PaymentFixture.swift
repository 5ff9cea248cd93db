import CheckoutSQLite
import CheckoutStoreSQLite
import Foundation
@testable import CheckoutCore

/// A shop, a product, a shopper and a payment service on a scripted provider.
struct PaymentFixture: Sendable {
    let env: TestEnvironment
    let shop: Shop
    let product: Product
    let user: User
    let provider: ScriptedProvider
    let payments: PaymentService

    static func with(_ body: (PaymentFixture) async throws -> Void) async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let provider = ScriptedProvider()
            var configuration = PaymentConfiguration(notifyURL: "https://shop.example/cb", defaultProvider: "wechatpay")
            // Tests run reconciliation themselves, never from the expiry pass.
            configuration.reconcileEverySeconds = 1_000_000_000
            let payments = PaymentService(store: env.storage.stores.payments, orders: env.services.orders,
                                          providers: [provider], clock: env.clock, ids: RandomIDGenerator(),
                                          configuration: configuration)
            payments.installOrderHooks()
            let fixture = PaymentFixture(env: env, shop: shop, product: try await env.makeProduct(in: shop, price: 1500, stock: 10),
                                         user: try await env.makeUser(), provider: provider, payments: payments)
            try await body(fixture)
            await payments.waitForBackgroundWork()
        }
    }

    /// A pending order of 2 × 1500 with a confirmed prepay.
    func placeAndPrepay(_ quantity: Int = 2) async throws -> Order {
        let order = try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft([(product, quantity)]))
        _ = try await payments.createPayment(orderID: order.id, userID: user.id, payerOpenID: user.openid, provider: nil).get()
        return order
    }

    func order(_ id: String) async throws -> Order {
        try await env.services.orders.order(id: id, viewer: .shop(shop.id))
    }

    /// A verified `TRANSACTION.SUCCESS` as the callback would hand it over.
    func paidNotification(_ order: Order, amount: Int64? = nil, id: String = UUID().uuidString,
                          transactionID: String = "4200000001", outTradeNo: String? = nil) -> PaymentNotification {
        let tx = ProviderTransaction(outTradeNo: outTradeNo ?? order.id, transactionID: transactionID, state: .paid,
                                     amount: amount ?? order.amountTotal, paidAt: env.clock.now(), payerOpenID: user.openid)
        return PaymentNotification(provider: "wechatpay", notificationID: id, eventType: "TRANSACTION.SUCCESS",
                                   rawBody: Array(#"{"id":"\#(id)"}"#.utf8), resource: nil, serial: "PUB_KEY_ID_1",
                                   event: .transaction(tx))
    }

    func refundNotification(_ refund: Refund, state: ProviderRefund.State = .succeeded,
                            id: String = UUID().uuidString) -> PaymentNotification {
        PaymentNotification(provider: "wechatpay", notificationID: id, eventType: "REFUND.SUCCESS", rawBody: [0x7B, 0x7D],
                            resource: nil, serial: "PUB_KEY_ID_1",
                            event: .refund(ProviderRefund(outRefundNo: refund.id, outTradeNo: refund.orderID,
                                                          refundID: "wx-\(refund.id)", state: state, amount: refund.amount)))
    }

    /// `SELECT count(*) AS n …` as a number.
    func count(_ sql: String, _ arguments: [String] = []) async throws -> Int64 {
        try await env.storage.readers.read { db in
            try db.queryOne(sql, arguments.map { $0 as any SQLValueConvertible })?.int64("n") ?? -1
        }
    }
}
