import CheckoutCore

extension StoreContract {
    /// Sharer rewards on a backend: commissions move inside the payment, fulfilment and refund
    /// transactions, payouts are claimed one at a time per sharer, and the ledger stays exact
    /// under concurrency (API.md "Sharer rewards").
    static let rewardCases: [Case] = [
        Case(name: "notifications, refunds and payout claims at once: one commission, one split, an exact ledger") { w in
            let (shop, sharer, buyer) = (try await w.shop(), try await w.user("sharer"), try await w.user("buyer"))
            try await w.rewardProgram(shop)
            let order = try await w.creditedOrder(shop, sharer: sharer, buyer: buyer, price: 1_500, quantity: 2)
            let tx = ProviderTransaction(outTradeNo: order.id, transactionID: "tx-\(order.id)", state: .paid, amount: 3_000,
                                         paidAt: w.clock.now(), payerOpenID: nil)
            let paid = try await withThrowingTaskGroup(of: PaymentOutcome.self) { group in
                for _ in 0..<5 {
                    group.addTask { try await w.stores.payments.apply(transaction: tx, provider: "wechatpay", now: w.clock.now(),
                                                                      ids: RandomIDGenerator()).outcome }
                }
                return try await group.reduce(into: 0) { $0 += $1 == .paid ? 1 : 0 }
            }
            try expect(paid == 1, "paid once, got \(paid)")
            _ = try await w.services.orders.fulfill(id: order.id, shopID: shop.id, Fulfillment(carrier: "SF", trackingNumber: "SF1"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<3 {
                    group.addTask { try await w.refundAndSettle(order, amount: 500, key: "r\(i)") }
                    group.addTask { _ = try await w.stores.rewards.claimPayouts(now: w.clock.now(), limit: 10) }
                }
                try await group.waitForAll()
            }
            try await w.settlePayouts(expected: 1)
            let commission = try await w.onlyCommission(shop)
            try expect(commission.status == .paidOut && commission.base == 1_500 && commission.amount == 150,
                       "paid out, rebased to 1500: \(commission)")
            let split = commission.payout?.amount ?? -1
            let balance = try await w.stores.rewards.balance(sharer: sharer.id)
            try expect(balance.paidOut == split && balance.paidOut + balance.adjustments == 150 && balance.total == 150,
                       "paid_out is what was split (\(split)), the rest an adjustment: \(balance)")
            try await w.expectStatsCommission(shop, 150)
        },
        Case(name: "a refund after payout is an adjustment, netted against the sharer's next payout") { w in
            let (shop, sharer, buyer) = (try await w.shop(), try await w.user("sharer"), try await w.user("buyer"))
            try await w.rewardProgram(shop)
            let first = try await w.creditedOrder(shop, sharer: sharer, buyer: buyer, price: 3_000)
            try await w.pay(first, amount: 3_000)
            _ = try await w.services.orders.fulfill(id: first.id, shopID: shop.id, Fulfillment(carrier: "SF", trackingNumber: "SF1"))
            _ = try await w.stores.rewards.claimPayouts(now: w.clock.now(), limit: 10)
            try await w.settlePayouts(expected: 1)
            try await w.refundAndSettle(first, amount: 3_000, key: "all")
            var balance = try await w.stores.rewards.balance(sharer: sharer.id)
            try expect(balance == CommissionBalance(paidOut: 300, adjustments: -300), "clawed back: \(balance)")

            let second = try await w.creditedOrder(shop, sharer: sharer, buyer: buyer, price: 2_000)
            try await w.pay(second, amount: 2_000)
            _ = try await w.services.orders.fulfill(id: second.id, shopID: shop.id, Fulfillment(carrier: "SF", trackingNumber: "SF2"))
            let claims = try await w.stores.rewards.claimPayouts(now: w.clock.now(), limit: 10)
            try expect(claims.isEmpty, "a split of max(0, 200 - 300) = 0 is settled at once: \(claims)")
            balance = try await w.stores.rewards.balance(sharer: sharer.id)
            try expect(balance == CommissionBalance(paidOut: 300, adjustments: -100), "netted: \(balance)")
            try expect(balance.total == 200, "total = the amounts (0 + 200): \(balance)")
            try await w.expectStatsCommission(shop, 200)
        },
    ]
}

extension ContractWorld {
    /// Turns the shop's program on: 10 %, no freeze.
    func rewardProgram(_ shop: Shop) async throws {
        _ = try await stores.rewards.updateProgram(shopID: shop.id, RewardProgramUpdate(enabled: true, rateBps: 1000, freezeDays: 0),
                                                   now: clock.now())
    }

    /// An order of `quantity` × a new product at `price`, placed by `buyer` through a clicked
    /// link of `sharer`, so it is credited to them.
    func creditedOrder(_ shop: Shop, sharer: User, buyer: User, price: Int64, quantity: Int = 1) async throws -> Order {
        let shares = try shares()
        let item = try await product(shop, title: "Shared \(price)", price: price)
        let link = link(shop, item, sharer, code: ShareCode.generate())
        _ = try await shares.create(link, commit: nil)
        _ = try await shares.recordClick(ShareClick(code: link.code, viewer: "user:\(buyer.id)", scene: nil, at: clock.now()))
        var placement = placement(buyer, shop, [(item, quantity)])
        placement.shareCode = link.code
        return try await stores.orders.place(placement)
    }

    /// Creates a refund of `amount` and applies the platform's success twice.
    func refundAndSettle(_ order: Order, amount: Int64, key: String) async throws {
        let outcome = try await stores.payments.createRefund(orderID: order.id, shopID: order.shopID, amount: amount, reason: nil,
                                                             newID: RandomIDGenerator().makeID(.refund), now: clock.now(),
                                                             commit: commit(key) { $0.id })
        guard case .done(let refund, _) = outcome else { throw ContractViolation(description: "refund \(key) not created") }
        let settled = ProviderRefund(outRefundNo: refund.id, outTradeNo: order.id, refundID: "wx-\(refund.id)",
                                     state: .succeeded, amount: amount)
        for attempt in 0..<2 {
            let notification = PaymentNotification(provider: "wechatpay", notificationID: "\(refund.id)-\(attempt)",
                                                   eventType: "REFUND.SUCCESS", rawBody: Array("{}".utf8), resource: nil,
                                                   serial: "S", event: .refund(settled))
            _ = try await stores.payments.apply(notification, now: clock.now(), ids: RandomIDGenerator())
        }
    }

    /// Claims what can be claimed and reports every running split as succeeded, until none runs;
    /// `expected` splits must have run.
    func settlePayouts(expected: Int) async throws {
        var settled = 0
        for _ in 0..<3 {
            _ = try await stores.rewards.claimPayouts(now: clock.now(), limit: 10)
            let running = try await stores.rewards.payoutsInFlight(now: clock.now(), limit: 10)
            try expect(Set(running.map(\.commissionID)).count == running.count, "one attempt per commission: \(running)")
            for claim in running {
                try await stores.rewards.recordPayout(commissionID: claim.commissionID, outOrderNo: claim.payout.outOrderNo,
                                                      state: .succeeded, error: nil, retryAt: clock.now(), now: clock.now())
                settled += 1
            }
        }
        try expect(settled == expected, "\(expected) split(s) settled, got \(settled)")
    }

    /// The shop's one commission.
    func onlyCommission(_ shop: Shop) async throws -> Commission {
        let all = try await stores.rewards.commissions(CommissionFilter(shopID: shop.id), page: .first).data
        guard all.count == 1, let commission = all.first else { throw ContractViolation(description: "one commission: \(all)") }
        return commission
    }

    /// `commission` of the shop's stats rows by sharer adds up to `total`.
    func expectStatsCommission(_ shop: Shop, _ total: Int64) async throws {
        let rows = try await shares().stats(shopID: shop.id, by: .sharer, hours: nil)
        try expect(rows.reduce(0) { $0 + $1.commission } == total, "stats commission \(total): \(rows)")
    }
}
