import CheckoutSQLite
import CheckoutStoreSQLite
import Foundation
import Testing
@testable import CheckoutCore

/// The same order's notifications and refunds arriving at once: the commission is earned once,
/// the ledger stays the sum of its entries, and nothing is paid twice.
@Suite struct RewardConcurrencyTests {
    /// Adds `times` deliveries of the order's payment to `group`: repeats of one notification,
    /// and the same payment learnt under other notification ids.
    static func deliverPayment(of order: Order, times: Int, _ f: RewardFixture, in group: inout ThrowingTaskGroup<Void, any Error>) {
        let paid = f.pay.paidNotification(order, transactionID: "tx-\(order.id)")
        for i in 0..<times {
            let notification = i % 2 == 0 ? paid
                : f.pay.paidNotification(order, id: "again-\(i)", transactionID: "tx-\(order.id)")
            group.addTask { _ = try await f.pay.payments.apply(notification) }
        }
    }

    @Test func repeatedNotificationsAndRefundsAtOnceLeaveOneCommissionAndAnExactLedger() async throws {
        try await RewardFixture.with { f in
            let order = try await f.pay.placeAndPrepay()
            try await f.env.storage.writer.write { [sharer = f.sharer.id] db in
                try db.execute("UPDATE orders SET sharer_id = ? WHERE id = ?", [sharer, order.id])
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                Self.deliverPayment(of: order, times: 6, f, in: &group)
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

    /// After fulfilment (freeze 0), repeated payment notifications, three refunds with replayed
    /// notifications and payout passes all run at once: whichever wins, the split is made once,
    /// `paid_out` is what the platform split, and the ledger sums to the recomputed amount.
    @Test func notificationsRefundsAndPayoutPassesAtOnceNeverPayTwice() async throws {
        try await RewardFixture.with { f in
            _ = try await f.store.updateProgram(shopID: f.pay.shop.id, RewardProgramUpdate(freezeDays: 0), now: f.clock.now())
            f.platform.update { $0.processingQueries = 0 }
            let order = try await f.paidCreditedOrder()
            try await f.fulfil(order)
            try await withThrowingTaskGroup(of: Void.self) { group in
                Self.deliverPayment(of: order, times: 4, f, in: &group)
                for _ in 0..<3 {
                    group.addTask {
                        let refund = try await f.pay.payments.createRefund(orderID: order.id, shopID: f.pay.shop.id,
                                                                         amount: 500, reason: nil).get()
                        let settled = f.pay.refundNotification(refund)
                        for _ in 0..<2 { _ = try await f.pay.payments.apply(settled) }
                    }
                }
                for _ in 0..<3 { group.addTask { await f.payouts.run() } }
                try await group.waitForAll()
            }
            for _ in 0..<6 {
                f.clock.advance(seconds: 5)
                await f.payouts.run()
            }
            let c = try #require(try await f.commission(order))
            #expect(c.status == .paidOut && c.base == 1500 && c.amount == 150)
            let splits = f.platform.state.splits
            #expect(splits.count == 1 && f.platform.state.calls.filter { $0.hasPrefix("split") }.count == 1)
            let balance = try await f.store.balance(sharer: f.sharer.id)
            #expect(balance.paidOut == splits.values.reduce(0) { $0 + $1.amount })
            #expect(balance.total == 150 && balance.paidOut + balance.adjustments == 150)
            #expect(try await f.entries().reduce(0, +) == balance.total)
        }
    }
}
