import Testing
@testable import CheckoutCore

@Suite struct RefundTests {
    func paidOrder(_ f: PaymentFixture) async throws -> Order {
        let order = try await f.placeAndPrepay()
        #expect(try await f.payments.apply(f.paidNotification(order)) == .paid)
        return order
    }

    @Test func aPartialRefundThenRefundSuccessMakesTheOrderPartiallyRefunded() async throws {
        try await PaymentFixture.with { f in
            let order = try await paidOrder(f)
            let refund = try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: 1000, reason: "dented").get()
            #expect(refund.status == .pending, "the answer is the refund as created, with its key's answer")
            #expect(try await f.payments.refund(id: refund.id)?.submitted == true, "then submitted")
            #expect(try await f.order(order.id).status == .paid)
            #expect(try await f.payments.apply(f.refundNotification(refund)) == .refundSucceeded)
            let after = try await f.order(order.id)
            #expect(after.status == .partiallyRefunded)
            #expect(after.refunds == [OrderRefundSummary(id: refund.id, amount: 1000, status: "succeeded")])
        }
    }

    @Test func refundsReachingThePaidTotalMakeTheOrderRefunded() async throws {
        try await PaymentFixture.with { f in
            let order = try await paidOrder(f)
            let first = try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: 1000, reason: nil).get()
            let rest = try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: nil, reason: nil).get()
            #expect(rest.amount == order.amountTotal - 1000)
            #expect(try await f.payments.apply(f.refundNotification(first)) == .refundSucceeded)
            #expect(try await f.payments.apply(f.refundNotification(rest)) == .refundSucceeded)
            #expect(try await f.payments.apply(f.refundNotification(rest, id: "again")) == .duplicate)
            #expect(try await f.order(order.id).status == .refunded)
        }
    }

    @Test func refundsBeyondThePaidTotalAreRefused() async throws {
        try await PaymentFixture.with { f in
            let order = try await paidOrder(f)
            let tooMuch = await checkoutError {
                try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: order.amountTotal + 1, reason: nil).get()
            }
            #expect(tooMuch?.code == .invalidRequest)
            #expect(tooMuch?.param == "amount")
            _ = try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: 2000, reason: nil).get()
            let pendingCounts = await checkoutError {
                try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: 1001, reason: nil).get()
            }
            #expect(pendingCounts?.param == "amount")
            #expect(try await f.count("SELECT count(*) AS n FROM refunds") == 1)
        }
    }

    @Test func aClosedRefundFreesItsAmountAndLeavesTheOrderPaid() async throws {
        try await PaymentFixture.with { f in
            let order = try await paidOrder(f)
            let refund = try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: nil, reason: nil).get()
            #expect(try await f.payments.apply(f.refundNotification(refund, state: .closed)) == .refundFailed)
            #expect(try await f.order(order.id).status == .paid)
            let again = try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: nil, reason: nil).get()
            #expect(again.amount == order.amountTotal)
        }
    }

    @Test func onlyPaidOrdersOfTheShopCanBeRefunded() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            let pending = await checkoutError { try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: nil, reason: nil).get() }
            #expect(pending?.code == .invalidState)
            let other = try await f.env.makeShop("Other")
            let foreign = await checkoutError { try await f.payments.createRefund(orderID: order.id, shopID: other.id, amount: nil, reason: nil).get() }
            #expect(foreign?.code == .notFound)
        }
    }

    @Test func aPlatformDownDuringRefundKeepsItPendingAndReconciliationSubmitsIt() async throws {
        try await PaymentFixture.with { f in
            let order = try await paidOrder(f)
            f.provider.update { $0.refundError = ScriptedProvider.down }
            let refund = try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: 500, reason: nil).get()
            #expect(refund.status == .pending)
            #expect(!refund.submitted)
            f.provider.update { $0.refundError = nil; $0.refundState = .succeeded }
            f.env.clock.advance(seconds: 61)
            let report = await f.payments.reconcile()
            #expect(report.refundsSubmitted == 1)
            #expect(try await f.order(order.id).status == .partiallyRefunded)
        }
    }

    @Test func aRefundTheTimedOutPlatformNeverAnsweredIsNotDoubledOnRetry() async throws {
        try await PaymentFixture.with { f in
            let order = try await paidOrder(f)
            f.provider.update { $0.refundError = ScriptedProvider.slow }
            let refund = try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: nil, reason: nil).get()
            f.provider.update { $0.refundError = nil }
            f.env.clock.advance(seconds: 61)
            _ = await f.payments.reconcile()
            // The same refund id is resubmitted; no second refund exists.
            #expect(f.provider.calls.filter { $0.hasPrefix("refund ") } == Array(repeating: "refund \(refund.id) \(order.amountTotal)", count: 2))
            #expect(try await f.count("SELECT count(*) AS n FROM refunds") == 1)
        }
    }

    @Test func aPlatformThatRefusesTheRefundFailsIt() async throws {
        try await PaymentFixture.with { f in
            let order = try await paidOrder(f)
            f.provider.update { $0.refundError = PaymentProviderError(.rejected, code: "NOT_ENOUGH", httpStatus: 403, "no balance") }
            let refund = try await f.payments.createRefund(orderID: order.id, shopID: f.shop.id, amount: nil, reason: nil).get()
            #expect(refund.status == .pending, "the answer committed with the refund, before the platform's word")
            #expect(try await f.payments.refund(id: refund.id)?.status == .failed)
            #expect(try await f.order(order.id).refunds.map(\.status) == ["failed"])
        }
    }
}
