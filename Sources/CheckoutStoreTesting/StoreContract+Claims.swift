import CheckoutCore

/// Closing, reconciliation and refund resubmission are claimed: several replicas' passes at the
/// same instant take each row once, and nobody takes it again until its lease has passed.
extension StoreContract {
    static let claimCases: [Case] = [
        Case(name: "reconciliation claims each pending payment once per lease") { w in
            let pending = try await w.pendingPayments(6)
            w.clock.advance(seconds: 400)
            let claim: @Sendable () async throws -> [String] = {
                let now = w.clock.now()
                return try await w.stores.payments.paymentsToReconcile(
                    createdBefore: now.adding(seconds: -300), checkedBefore: now.adding(seconds: -300), now: now, limit: 4
                ).map { claimed in
                    try expect(claimed.orderStatus == .pendingPayment, "with the order's status")
                    return claimed.payment.id
                }
            }
            let first = try await w.concurrently(4, claim)
            try expect(first.sorted() == pending.sorted(), "four claimants at once take each payment once: \(first)")
            try expect(try await claim().isEmpty, "claimed payments are not taken again at once")
            w.clock.advance(seconds: 299)
            try expect(try await claim().isEmpty, "nor within the lease")
            w.clock.advance(seconds: 1)
            try expect(Set(try await w.concurrently(4, claim)) == Set(pending), "and again once it has passed")
        },
        Case(name: "refund resubmission claims each pending refund once per lease") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            var refunds = [String]()
            for amount in [Int64(700), 800, 900] {
                let order = try await w.paidOrder(shop, user, amount: amount)
                let outcome = try await w.stores.payments.createRefund(
                    orderID: order.id, shopID: shop.id, amount: 100, reason: nil,
                    newID: RandomIDGenerator().makeID(.refund), now: w.clock.now(), commit: nil)
                if case .done(let refund, _) = outcome { refunds.append(refund.id) }
            }
            let claim: @Sendable () async throws -> [String] = {
                let now = w.clock.now()
                return try await w.stores.payments.refundsToSubmit(updatedBefore: now.adding(seconds: -60), now: now, limit: 2)
            }
            try expect(try await claim().isEmpty, "a refund just created is its creator's to submit")
            w.clock.advance(seconds: 60)
            let first = try await w.concurrently(4, claim)
            try expect(first.sorted() == refunds.sorted(), "four claimants at once take each refund once: \(first)")
            w.clock.advance(seconds: 59)
            try expect(try await claim().isEmpty, "none again within the lease")
            w.clock.advance(seconds: 1)
            try expect(Set(try await w.concurrently(4, claim)) == Set(refunds), "each again once it has passed")
        },
        Case(name: "closing before expiry claims each due prepay once per lease") { w in
            let pending = try await w.pendingPayments(5)
            let claim: @Sendable () async throws -> [String] = {
                let now = w.clock.now()
                return try await w.stores.payments.paymentsDueForClosing(now: now, claimedBefore: now.adding(seconds: -30),
                                                                         limit: 2).map(\.id)
            }
            try expect(try await claim().isEmpty, "nothing is due before expires_at")
            w.clock.advance(seconds: 900)
            let first = try await w.concurrently(4, claim)
            try expect(first.sorted() == pending.sorted(), "four claimants at once take each prepay once: \(first)")
            w.clock.advance(seconds: 29)
            try expect(try await claim().isEmpty, "none again within the lease")
            w.clock.advance(seconds: 1)
            try expect(Set(try await w.concurrently(4, claim)) == Set(pending), "each again once it has passed")
        },
    ]
}

extension ContractWorld {
    /// `count` orders expiring in 900 s, each with a pending WeChat Pay payment; the payment ids.
    func pendingPayments(_ count: Int) async throws -> [String] {
        let (shop, user) = (try await shop(), try await user())
        let tea = try await product(shop)
        var ids = [String]()
        for _ in 0..<count {
            let order = try await stores.orders.place(placement(user, shop, [(tea, 1)]))
            ids.append(try await stores.payments.beginPayment(orderID: order.id, userID: user.id, provider: "wechatpay",
                                                              newID: RandomIDGenerator().makeID(.payment),
                                                              now: clock.now()).payment.id)
        }
        return ids
    }

    /// Runs `claim` `count` times at once until every run comes back empty (ten rounds at most:
    /// claims that never run out are a violation); everything claimed.
    func concurrently(_ count: Int, _ claim: @escaping @Sendable () async throws -> [String]) async throws -> [String] {
        var all = [String]()
        for _ in 0..<10 {
            let round = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<count { group.addTask { try await claim() } }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            if round.isEmpty { return all }
            all += round
        }
        throw ContractViolation(description: "claims never ran out: the same rows were taken again and again")
    }
}
