import Testing
@testable import CheckoutCore

@Suite struct PaymentLifecycleTests {
    @Test func aPrepayFailureIsBadGatewayAndLeavesTheOrderUnchanged() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.env.services.orders.placeOrder(userID: f.user.id, shopID: f.shop.id, f.env.draft([(f.product, 1)]))
            for failure in [ScriptedProvider.down, ScriptedProvider.slow] {
                f.provider.update { $0.prepayError = failure }
                let error = await checkoutError {
                    try await f.payments.createPayment(orderID: order.id, userID: f.user.id, payerOpenID: "o", provider: nil).get()
                }
                #expect(error?.code == .badGateway)
                #expect(try await f.order(order.id) == order)
            }
            f.provider.update { $0.prepayError = nil }
            let created = try await f.payments.createPayment(orderID: order.id, userID: f.user.id, payerOpenID: "o", provider: nil).get()
            #expect(created.status == .pending)
            #expect(created.payParameters.package == "prepay_id=prepay-\(order.id)")
            #expect(try await f.order(order.id).payment?.id == created.id)
        }
    }

    @Test func onlyTheShopperOfAPendingOrderCanPay() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            let stranger = try await f.env.makeUser("stranger")
            let foreign = await checkoutError {
                try await f.payments.createPayment(orderID: order.id, userID: stranger.id, payerOpenID: "o", provider: nil).get()
            }
            #expect(foreign?.code == .notFound)
            let unknownProvider = await checkoutError {
                try await f.payments.createPayment(orderID: order.id, userID: f.user.id, payerOpenID: "o", provider: "paypal").get()
            }
            #expect(unknownProvider?.param == "provider")
            _ = try await f.payments.apply(f.paidNotification(order))
            let paid = await checkoutError {
                try await f.payments.createPayment(orderID: order.id, userID: f.user.id, payerOpenID: "o", provider: nil).get()
            }
            #expect(paid?.code == .invalidState)
        }
    }

    @Test func cancellingClosesThePrepayFirst() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            let cancelled = try await f.env.services.orders.cancel(id: order.id, userID: f.user.id).get()
            #expect(cancelled.status == .cancelled)
            #expect(f.provider.calls.last == "close \(order.id)")
            #expect(try await f.payments.payment(orderID: order.id)?.status == .closed)
        }
    }

    @Test func cancellingAnOrderThePlatformSaysIsPaidMakesItPaid() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            f.provider.update {
                $0.closeError = ScriptedProvider.orderPaid
                $0.transactions[order.id] = ProviderTransaction(outTradeNo: order.id, transactionID: "42xx", state: .paid,
                                                                amount: order.amountTotal)
            }
            let error = await checkoutError { try await f.env.services.orders.cancel(id: order.id, userID: f.user.id).get() }
            #expect(error?.code == .invalidState)
            #expect(try await f.order(order.id).status == .paid)
        }
    }

    @Test func cancellingWhileThePlatformIsDownFailsClearlyAndKeepsTheOrder() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            f.provider.update { $0.closeError = ScriptedProvider.down }
            let error = await checkoutError { try await f.env.services.orders.cancel(id: order.id, userID: f.user.id).get() }
            #expect(error?.code == .badGateway)
            #expect(try await f.order(order.id).status == .pendingPayment)
        }
    }

    @Test func expiryClosesPrepaysAndAnOrderPaidMeanwhileIsPaidNotCancelled() async throws {
        try await PaymentFixture.with { f in
            let paidMeanwhile = try await f.placeAndPrepay(1)
            let unpaid = try await f.placeAndPrepay(1)
            f.provider.update {
                $0.transactions[paidMeanwhile.id] = ProviderTransaction(outTradeNo: paidMeanwhile.id, transactionID: "42pm",
                                                                        state: .paid, amount: paidMeanwhile.amountTotal)
            }
            // The platform refuses both closes; its query says which one was paid.
            f.provider.update { $0.closeError = ScriptedProvider.orderPaid }
            f.env.clock.advance(seconds: 901)
            let expired = try await f.env.services.expiry.runExpiry()
            #expect(expired == [unpaid.id])
            #expect(try await f.order(paidMeanwhile.id).status == .paid)
            #expect(try await f.order(unpaid.id).status == .cancelled)
        }
    }

    @Test func reconciliationSettlesAPaymentWhoseNotificationNeverCame() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            f.provider.update {
                $0.transactions[order.id] = ProviderTransaction(outTradeNo: order.id, transactionID: "42rc", state: .paid,
                                                                amount: order.amountTotal)
            }
            #expect(await f.payments.reconcile().queried == 0)
            f.env.clock.advance(seconds: 301)
            let report = await f.payments.reconcile()
            #expect(report.queried == 1)
            #expect(report.failed == 0)
            #expect(try await f.order(order.id).status == .paid)
            #expect(try await f.order(order.id).payment?.transactionID == "42rc")
        }
    }

    @Test func reconciliationWithThePlatformDownLosesNothingAndRetriesLater() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            f.provider.update { $0.queryError = ScriptedProvider.slow }
            f.env.clock.advance(seconds: 301)
            #expect(await f.payments.reconcile().failed == 1)
            #expect(try await f.order(order.id).status == .pendingPayment)
            f.provider.update {
                $0.queryError = nil
                $0.transactions[order.id] = ProviderTransaction(outTradeNo: order.id, transactionID: "42rt", state: .paid,
                                                                amount: order.amountTotal)
            }
            #expect(await f.payments.reconcile().queried == 0)
            f.env.clock.advance(seconds: 301)
            #expect(await f.payments.reconcile().queried == 1)
            #expect(try await f.order(order.id).status == .paid)
        }
    }

    @Test func aPaymentOnAnExpiredOrderFoundByReconciliationIsRefunded() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            f.provider.update { $0.closeError = ScriptedProvider.down }
            f.env.clock.advance(seconds: 901)
            #expect(try await f.env.services.expiry.runExpiry() == [order.id])
            f.provider.update {
                $0.closeError = nil
                $0.transactions[order.id] = ProviderTransaction(outTradeNo: order.id, transactionID: "42late", state: .paid,
                                                                amount: order.amountTotal)
            }
            _ = await f.payments.reconcile()
            await f.payments.waitForBackgroundWork()
            let after = try await f.order(order.id)
            #expect(after.status == .cancelled)
            #expect(after.refunds.map(\.amount) == [order.amountTotal])
            #expect(f.provider.calls.contains { $0.hasPrefix("refund ") })
        }
    }
}
