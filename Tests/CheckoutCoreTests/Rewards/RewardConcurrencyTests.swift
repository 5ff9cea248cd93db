import Foundation
import Testing
@testable import CheckoutCore

/// The same order's notifications and refunds arriving at once: the commission is earned once,
/// the ledger stays the sum of its entries, and nothing is paid twice.
@Suite struct RewardConcurrencyTests {
    @Test func repeatedNotificationsAndRefundsAtOnceLeaveOneCommissionAndAnExactLedger() async throws {
        try await RewardFixture.with { f in
            let order = try await f.pay.placeAndPrepay()
            try await f.env.storage.writer.write { [sharer = f.sharer.id] db in
                try db.execute("UPDATE orders SET sharer_id = ? WHERE id = ?", [sharer, order.id])
            }
            let paid = f.pay.paidNotification(order, transactionID: "tx-\(order.id)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<6 {
                    // Repeats of one notification, and the same payment learnt by other notification ids.
                    let notification = i % 2 == 0 ? paid
                        : f.pay.paidNotification(order, id: "again-\(i)", transactionID: "tx-\(order.id)")
                    group.addTask { _ = try await f.pay.payments.apply(notification) }
                }
                try await group.waitForAll()
            }
            let refunds = try await withThrowingTaskGroup(of: Refund.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await f.pay.payments.createRefund(orderID: order.id, shopID: f.pay.shop.id, amount: 500, reason: nil).get()
                    }
                }
                return try await group.reduce(into: [Refund]()) { $0.append($1) }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for refund in refunds {
                    let settled = f.pay.refundNotification(refund)
                    for _ in 0..<2 { group.addTask { _ = try await f.pay.payments.apply(settled) } }
                }
                try await group.waitForAll()
            }
            let c = try #require(try await f.commission(order))
            #expect(c.base == 1500 && c.amount == 150)
            let count = try await f.env.storage.readers.read { db in
                try db.queryOne("SELECT count(*) AS n FROM commissions WHERE order_id = ?", [order.id])?.int64("n")
            }
            #expect(count == 1)
            let balance = try await f.store.balance(sharer: f.sharer.id)
            #expect(balance == CommissionBalance(pending: 150))
            #expect(try await f.entries().reduce(0, +) == balance.total)
        }
    }
}
