import Foundation
import Testing
@testable import CheckoutCore

@Suite struct PaymentNotificationTests {
    @Test func aVerifiedSuccessMarksThePendingOrderPaidAndShowsThePayment() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            #expect(try await f.payments.apply(f.paidNotification(order)) == .paid)
            let paid = try await f.order(order.id)
            #expect(paid.status == .paid)
            #expect(paid.paidAt == f.env.clock.now())
            #expect(paid.payment?.transactionID == "4200000001")
            #expect(paid.payment?.provider == "wechatpay")
            #expect(f.payments.metrics.count(.paid) == 1)
        }
    }

    @Test func theSameNotificationTenTimesInSequenceIsOnePayment() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            let notification = f.paidNotification(order, id: "evt-1")
            var outcomes = [PaymentOutcome]()
            for _ in 0..<10 { outcomes.append(try await f.payments.apply(notification)) }
            #expect(outcomes.first == .paid)
            #expect(outcomes.dropFirst().allSatisfy { $0 == .duplicate })
            #expect(try await f.count("SELECT count(*) AS n FROM payments WHERE status = 'succeeded'") == 1)
            #expect(try await f.count("SELECT count(*) AS n FROM payment_notifications") == 10)
            #expect(try await f.count("SELECT count(*) AS n FROM payment_notifications WHERE duplicate_of IS NULL") == 1)
        }
    }

    @Test func theSameNotificationTenTimesAtOnceIsOnePayment() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            let notification = f.paidNotification(order, id: "evt-1")
            let outcomes = try await withThrowingTaskGroup(of: PaymentOutcome.self) { group in
                for _ in 0..<10 { group.addTask { try await f.payments.apply(notification) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .paid }.count == 1)
            #expect(outcomes.filter { $0 == .duplicate }.count == 9)
            #expect(try await f.order(order.id).status == .paid)
            #expect(try await f.count("SELECT count(*) AS n FROM payments WHERE status = 'succeeded'") == 1)
        }
    }

    @Test func anotherNotificationOfTheSameTransactionChangesNothing() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            #expect(try await f.payments.apply(f.paidNotification(order, id: "a")) == .paid)
            #expect(try await f.payments.apply(f.paidNotification(order, id: "b")) == .duplicate)
            #expect(try await f.payments.apply(f.paidNotification(order, id: "c", transactionID: "4200000002")) == .anomaly)
            let anomalies = try await f.payments.anomalies(shopID: f.shop.id, page: .first).data
            #expect(anomalies.map(\.kind) == [.duplicatePayment])
        }
    }

    @Test func aWrongAmountIsAnAnomalyAndNeverPaid() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            #expect(try await f.payments.apply(f.paidNotification(order, amount: 1)) == .anomaly)
            #expect(try await f.order(order.id).status == .pendingPayment)
            let anomaly = try #require(try await f.payments.anomalies(shopID: f.shop.id, page: .first).data.first)
            #expect(anomaly.kind == .amountMismatch)
            #expect(anomaly.amount == 1)
            #expect(anomaly.orderID == order.id)
            #expect(try await f.count("SELECT count(*) AS n FROM payments WHERE status = 'succeeded'") == 0)
        }
    }

    @Test func anUnknownOrderIsAnAnomalyAndNothingIsPaid() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            #expect(try await f.payments.apply(f.paidNotification(order, outTradeNo: "ord_nonexistent")) == .anomaly)
            #expect(try await f.count("SELECT count(*) AS n FROM payment_anomalies WHERE kind = 'unknown_order'") == 1)
            #expect(try await f.count("SELECT count(*) AS n FROM payments WHERE status = 'succeeded'") == 0)
            #expect(try await f.order(order.id).status == .pendingPayment)
        }
    }

    @Test func aTransactionOfAnotherMerchantIsNeverPaid() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            var notification = f.paidNotification(order)
            if case .transaction(var tx) = notification.event {
                tx.isForThisMerchant = false
                notification.event = .transaction(tx)
            }
            #expect(try await f.payments.apply(notification) == .anomaly)
            #expect(try await f.order(order.id).status == .pendingPayment)
        }
    }

    @Test func aPaymentAfterExpiryIsRecordedAndFullyRefunded() async throws {
        try await PaymentFixture.with { f in
            let order = try await f.placeAndPrepay()
            f.provider.update { $0.closeError = ScriptedProvider.down }
            f.env.clock.advance(seconds: 901)
            #expect(try await f.env.services.expiry.runExpiry() == [order.id])
            #expect(try await f.payments.apply(f.paidNotification(order)) == .paidAfterCancellation)
            await f.payments.waitForBackgroundWork()
            let cancelled = try await f.order(order.id)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.payment?.transactionID == "4200000001")
            let refund = try #require(cancelled.refunds.first)
            #expect(refund.amount == order.amountTotal)
            #expect(f.provider.calls.contains("refund \(refund.id) \(order.amountTotal)"))
            let kinds = try await f.payments.anomalies(shopID: f.shop.id, page: .first).data.map(\.kind)
            #expect(kinds == [.paidAfterCancellation])
            #expect(try await f.env.stock(f.product.id) == 10)
        }
    }

    @Test func unsupportedEventsAreStoredAndAcknowledged() async throws {
        try await PaymentFixture.with { (f: PaymentFixture) async throws in
            let notification = PaymentNotification(provider: "wechatpay", notificationID: "x", eventType: "TRANSACTION.NEW",
                                                   rawBody: [0x7B, 0x7D], resource: nil, serial: nil, event: .unsupported)
            #expect(try await f.payments.apply(notification) == .ignored)
            #expect(try await f.count("SELECT count(*) AS n FROM payment_notifications WHERE outcome = 'ignored'") == 1)
        }
    }
}
