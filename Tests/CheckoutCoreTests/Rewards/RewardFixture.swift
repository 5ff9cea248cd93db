import CheckoutSQLite
@testable import CheckoutStoreSQLite
import Foundation
@testable import CheckoutCore

/// A payment fixture with the shop's program on (10 %, freeze 7 days), a sharer, the rewards
/// store and the payout worker on a scripted profit-sharing platform.
struct RewardFixture: Sendable {
    let pay: PaymentFixture
    let sharer: User
    let store: SQLiteRewardStore
    let platform: ScriptedProfitSharing
    let payouts: RewardPayouts

    var env: TestEnvironment { pay.env }
    var clock: ManualClock { pay.env.clock }

    static func with(_ body: (RewardFixture) async throws -> Void) async throws {
        try await PaymentFixture.with { pay in
            let store = SQLiteRewardStore(pay.env.storage)
            _ = try await store.updateProgram(shopID: pay.shop.id, RewardProgramUpdate(enabled: true, rateBps: 1000),
                                              now: pay.env.clock.now())
            let platform = ScriptedProfitSharing()
            let payouts = RewardPayouts(store: store, providers: ["wechatpay": platform], clock: pay.env.clock)
            try await body(RewardFixture(pay: pay, sharer: try await pay.env.makeUser("sharer-openid"), store: store,
                                         platform: platform, payouts: payouts))
        }
    }

    /// An order of 2 × 1500 = 3000, credited to the sharer (as attribution stores it at
    /// placement) and paid; its commission is 300.
    func paidCreditedOrder(sharer: String? = nil) async throws -> Order {
        let order = try await pay.placeAndPrepay()
        let credited = sharer ?? self.sharer.id
        try await env.storage.writer.write { db in
            try db.execute("UPDATE orders SET sharer_id = ? WHERE id = ?", [credited, order.id])
        }
        try await store.holdForProfitSharing(orderID: order.id, now: clock.now())
        _ = try await pay.payments.apply(pay.paidNotification(order, transactionID: "tx-\(order.id)"))
        return order
    }

    func fulfil(_ order: Order) async throws {
        _ = try await env.services.orders.fulfill(id: order.id, shopID: pay.shop.id,
                                                 Fulfillment(carrier: "SF", trackingNumber: "SF1"))
    }

    /// Refunds `amount` of the order and settles it as the platform's notification would.
    func refund(_ order: Order, _ amount: Int64) async throws {
        let refund = try await pay.payments.createRefund(orderID: order.id, shopID: pay.shop.id, amount: amount, reason: nil).get()
        _ = try await pay.payments.apply(pay.refundNotification(refund))
    }

    func commission(_ order: Order) async throws -> Commission? {
        try await env.storage.readers.read { db in try SQLiteRewardRecords.commission(db, orderID: order.id) }
    }

    /// Every ledger entry of the sharer.
    func entries() async throws -> [Int64] {
        try await env.storage.readers.read { db in
            try db.query("SELECT amount FROM commission_entries").map { try $0.int64("amount") }
        }
    }
}
