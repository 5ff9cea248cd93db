import CheckoutCore

extension StoreContract {
    static let paymentCases: [Case] = [
        Case(name: "a notification is applied exactly once") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let tea = try await w.product(shop, price: 1_500)
            let order = try await w.stores.orders.place(w.placement(user, shop, [(tea, 2)]))
            let tx = ProviderTransaction(outTradeNo: order.id, transactionID: "4200", state: .paid, amount: 3_000,
                                         paidAt: w.clock.now(), payerOpenID: user.openid)
            let note = PaymentNotification(provider: "wechatpay", notificationID: "n1", eventType: "TRANSACTION.SUCCESS",
                                           rawBody: Array("{}".utf8), resource: nil, serial: "S", event: .transaction(tx))
            let outcomes = try await withThrowingTaskGroup(of: PaymentOutcome.self) { group in
                for _ in 0..<5 { group.addTask { try await w.stores.payments.apply(note, now: w.clock.now(), ids: RandomIDGenerator()).outcome } }
                return try await group.reduce(into: [PaymentOutcome]()) { $0.append($1) }
            }
            try expect(outcomes.filter { $0 == .paid }.count == 1 && outcomes.filter { $0 == .duplicate }.count == 4,
                       "one paid, four duplicates: \(outcomes)")
            let read = try await w.stores.orders.order(id: order.id)
            try expect(read?.status == .paid && read?.payment?.transactionID == "4200", "the order shows its payment")
            try expect(read?.items.map(\.quantity) == [2], "and its lines")
        },
        Case(name: "an amount mismatch is an anomaly, never a payment") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let order = try await w.stores.orders.place(w.placement(user, shop, [(try await w.product(shop), 1)]))
            let tx = ProviderTransaction(outTradeNo: order.id, transactionID: "4201", state: .paid, amount: 1,
                                         paidAt: w.clock.now(), payerOpenID: user.openid)
            let applied = try await w.stores.payments.apply(transaction: tx, provider: "wechatpay", now: w.clock.now(),
                                                            ids: RandomIDGenerator())
            try expect(applied.outcome == .anomaly, "anomaly, got \(applied.outcome)")
            try expect(try await w.stores.orders.order(id: order.id)?.status == .pendingPayment, "still unpaid")
            let anomalies = try await w.stores.payments.anomalies(shopID: shop.id, page: .first).data
            try expect(anomalies.map(\.kind) == [.amountMismatch], "listed for the shop")
            try expect(try await w.stores.payments.anomalyCountsByKind() == [.amountMismatch: 1], "counted by kind")
        },
        Case(name: "refunds never exceed the paid amount, whatever the concurrency") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let order = try await w.paidOrder(shop, user, amount: 1_000)
            let created = await withTaskGroup(of: Int64.self) { group in
                for i in 0..<10 {
                    group.addTask {
                        let outcome = try? await w.stores.payments.createRefund(
                            orderID: order.id, shopID: shop.id, amount: 300, reason: nil,
                            newID: RandomIDGenerator().makeID(.refund), now: w.clock.now(), commit: w.commit("r\(i)") { $0.id })
                        if case .done(let refund, _) = outcome { return refund.amount }
                        return 0
                    }
                }
                return await group.reduce(0, +)
            }
            try expect(created == 900, "three refunds of 300 fit into 1000, got \(created)")
            let read = try await w.stores.orders.order(id: order.id)
            try expect(read?.refunds.count == 3, "the order shows its refunds")
        },
        Case(name: "a refund and its key's answer commit together; the key replays") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let order = try await w.paidOrder(shop, user)
            let commit: IdempotentCommit<Refund> = w.commit("refund-1") { $0.id }
            for _ in 0..<3 {
                _ = try await w.stores.payments.createRefund(orderID: order.id, shopID: shop.id, amount: 100, reason: nil,
                                                             newID: RandomIDGenerator().makeID(.refund), now: w.clock.now(),
                                                             commit: commit)
            }
            try expect(try await w.stores.orders.order(id: order.id)?.refunds.count == 1, "one refund for one key")
        },
        Case(name: "a payment after cancellation is kept and refunded; the order stays cancelled") { w in
            let (shop, user) = (try await w.shop(), try await w.user())
            let order = try await w.stores.orders.place(w.placement(user, shop, [(try await w.product(shop), 1)]))
            _ = try await w.stores.orders.expireDue(now: w.clock.now().adding(seconds: 901), limit: 10)
            let tx = ProviderTransaction(outTradeNo: order.id, transactionID: "late", state: .paid, amount: order.amountTotal,
                                         paidAt: w.clock.now(), payerOpenID: user.openid)
            let applied = try await w.stores.payments.apply(transaction: tx, provider: "wechatpay", now: w.clock.now(),
                                                            ids: RandomIDGenerator())
            try expect(applied.outcome == .paidAfterCancellation && applied.refundToSubmit != nil, "a refund to submit")
            let read = try await w.stores.orders.order(id: order.id)
            try expect(read?.status == .cancelled && read?.refunds.count == 1, "cancelled, with its refund shown")
        },
    ]
}
