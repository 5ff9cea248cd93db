import CheckoutStoreSQLite
import Testing
@testable import CheckoutCore

/// Commissions through storage and the payout worker, on a scripted profit-sharing platform
/// and a manual clock.
@Suite struct RewardPayoutTests {
    static let week: Int64 = 7 * 86_400

    /// Runs passes 5 s apart until `done` or 20 passes.
    func drive(_ f: RewardFixture, until done: () async throws -> Bool) async throws {
        for _ in 0..<20 {
            await f.payouts.run()
            if try await done() { return }
            f.clock.advance(seconds: 5)
        }
        Issue.record("the payout did not finish")
    }

    @Test func paidFrozenAvailablePaidOutThenTheRestIsReleased() async throws {
        try await RewardFixture.with { f in
            let order = try await f.paidCreditedOrder()
            var c = try #require(try await f.commission(order))
            #expect(c.status == .pending && c.amount == 300 && c.base == 3000 && c.rateBps == 1000)
            try await f.fulfil(order)
            await f.payouts.run()
            #expect(try await f.commission(order)?.status == .frozen)
            #expect(try await f.store.balance(sharer: f.sharer.id) == CommissionBalance(frozen: 300))
            f.clock.advance(seconds: Self.week)
            try await drive(f) { try await f.commission(order)?.status == .paidOut }
            c = try #require(try await f.commission(order))
            #expect(c.payout?.outOrderNo == c.id && c.payout?.state == .succeeded && c.paidOutAt != nil)
            #expect(try await f.store.balance(sharer: f.sharer.id) == CommissionBalance(paidOut: 300))
            #expect(f.platform.state.splits.count == 1)
            #expect(f.platform.state.splits[c.id]?.amount == 300)
            #expect(f.platform.state.receivers == ["sharer-openid"])
            #expect(f.platform.state.releases == ["\(order.id)-release"])
            #expect(f.payouts.metrics.count(.payoutSucceeded) == 1)
        }
    }

    @Test func aCrashBetweenSplitAndResultResumesByQueryingNeverBySplittingAgain() async throws {
        try await RewardFixture.with { f in
            let order = try await f.paidCreditedOrder()
            try await f.fulfil(order)
            f.clock.advance(seconds: Self.week)
            f.platform.update { $0.loseNextSplitAnswer = true }
            await f.payouts.run()
            var c = try #require(try await f.commission(order))
            #expect(c.status == .available && c.payout?.state == .processing)
            #expect(c.payout?.failure?.contains("answer lost") == true)
            try await drive(f) { try await f.commission(order)?.status == .paidOut }
            c = try #require(try await f.commission(order))
            #expect(f.platform.state.calls.filter { $0.hasPrefix("split") } == ["split \(c.id) 300"])
            #expect(try await f.store.balance(sharer: f.sharer.id).paidOut == 300)
        }
    }

    @Test func aDownPlatformIsVisibleAndRetriedWithBackoff() async throws {
        try await RewardFixture.with { f in
            let order = try await f.paidCreditedOrder()
            try await f.fulfil(order)
            f.clock.advance(seconds: Self.week)
            f.platform.update { $0.error = PaymentProviderError(.unreachable, "down") }
            await f.payouts.run()
            await f.payouts.run()
            let c = try #require(try await f.commission(order))
            #expect(c.payout?.errors == 1 && c.payout?.failure?.contains("down") == true)
            #expect(f.payouts.metrics.count(.callFailed) == 1)
            #expect(f.payouts.configuration.backoffSeconds(errors: 3) == 20)
            f.platform.update { $0.error = nil }
            try await drive(f) { try await f.commission(order)?.status == .paidOut }
        }
    }

    @Test func aClosedSplitFailsThenANewAttemptPays() async throws {
        try await RewardFixture.with { f in
            let order = try await f.paidCreditedOrder()
            try await f.fulfil(order)
            f.clock.advance(seconds: Self.week)
            f.platform.update { $0.closeReason = "ACCOUNT_ABNORMAL" }
            try await drive(f) { try await f.commission(order)?.payout?.state == .failed }
            let failed = try #require(try await f.commission(order))
            #expect(failed.payout?.failure == "ACCOUNT_ABNORMAL" && failed.status == .available)
            f.platform.update { $0.closeReason = nil }
            try await drive(f) { try await f.commission(order)?.status == .paidOut }
            #expect(try await f.commission(order)?.payout?.outOrderNo == "\(failed.id)-2")
        }
    }

    @Test func aRefundAfterPayoutIsNettedAgainstTheNextPayout() async throws {
        try await RewardFixture.with { f in
            let first = try await f.paidCreditedOrder()
            try await f.fulfil(first)
            f.clock.advance(seconds: Self.week)
            try await drive(f) { try await f.commission(first)?.status == .paidOut }
            try await f.refund(first, 1000)
            let c = try #require(try await f.commission(first))
            #expect(c.status == .paidOut && c.amount == 200 && c.adjustment == -100)
            #expect(try await f.store.balance(sharer: f.sharer.id) == CommissionBalance(paidOut: 300, adjustments: -100))

            let second = try await f.paidCreditedOrder()
            try await f.fulfil(second)
            f.clock.advance(seconds: Self.week)
            try await drive(f) { try await f.commission(second)?.status == .paidOut }
            let next = try #require(try await f.commission(second))
            #expect(f.platform.state.splits[next.id]?.amount == 200)
            let balance = try await f.store.balance(sharer: f.sharer.id)
            #expect(balance == CommissionBalance(paidOut: 500, adjustments: 0))
            #expect(balance.total == 500)
            #expect(try await f.entries().reduce(0, +) == balance.total)
        }
    }

    @Test func refundsBeforePayoutRecomputeAndAFullOneCancelsAndReleases() async throws {
        try await RewardFixture.with { f in
            let order = try await f.paidCreditedOrder()
            try await f.refund(order, 1000)
            #expect(try await f.commission(order)?.amount == 200)
            #expect(try await f.store.balance(sharer: f.sharer.id) == CommissionBalance(pending: 200))
            try await f.refund(order, 2000)
            #expect(try await f.commission(order)?.status == .cancelled)
            #expect(try await f.store.balance(sharer: f.sharer.id) == CommissionBalance())
            await f.payouts.run()
            #expect(f.platform.state.releases == ["\(order.id)-release"])
        }
    }

    @Test func anOrderEarningNothingIsReleasedAtOnce() async throws {
        try await RewardFixture.with { f in
            let order = try await f.paidCreditedOrder(sharer: f.pay.user.id)  // a self-share
            #expect(try await f.commission(order) == nil)
            await f.payouts.run()
            #expect(f.platform.state.releases == ["\(order.id)-release"])
            await f.payouts.run()
            #expect(f.platform.state.releases.count == 1)
        }
    }

    @Test func concurrentPassesAndRefundsNeverPayTwiceAndTheLedgerAddsUp() async throws {
        try await RewardFixture.with { f in
            var orders: [Order] = []
            for _ in 0..<3 {
                let order = try await f.paidCreditedOrder()
                try await f.fulfil(order)
                orders.append(order)
            }
            f.clock.advance(seconds: Self.week)
            f.platform.update { $0.processingQueries = 0 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { await f.payouts.run() } }
                let refunded = orders[1]
                group.addTask { try await f.refund(refunded, 1500) }
                try await group.waitForAll()
            }
            for _ in 0..<10 {
                f.clock.advance(seconds: 5)
                await f.payouts.run()
            }
            var amounts: Int64 = 0
            for order in orders {
                let c = try #require(try await f.commission(order))
                #expect(c.status == .paidOut)
                amounts += c.amount
            }
            let splits = f.platform.state.splits
            #expect(splits.count == 3)
            let balance = try await f.store.balance(sharer: f.sharer.id)
            #expect(balance.total == amounts)
            #expect(balance.paidOut == splits.values.reduce(0) { $0 + $1.amount })
            #expect(try await f.entries().reduce(0, +) == balance.total)
        }
    }
}
