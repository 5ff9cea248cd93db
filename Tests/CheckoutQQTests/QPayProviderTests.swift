import CheckoutCore
import CheckoutQQ
import CheckoutTesting
import Foundation
import Testing

@Suite struct QPayProviderTests {
    @Test func prepay_PlacesASignedMiniappOrderAndAnswersRequestPaymentParameters() async throws {
        let f = try QPayFixture()
        let order = QPayFixture.order()
        let result = try await f.provider.prepay(QPayFixture.request(order))
        #expect(result.payParameters.fields == ["package": "prepay_id=\(result.prepayID)", "bargainor_id": f.platform.merchantID])
        let sent = try #require(f.platform.received.last)
        #expect(sent.signed)
        #expect(sent.fields["trade_type"] == "MINIAPP")
        #expect(sent.fields["out_trade_no"] == order.id)
        #expect(sent.fields["total_fee"] == "3000")
        #expect(sent.fields["spbill_create_ip"] == "203.0.113.9")
        #expect(sent.fields["notify_url"] == "https://shop.example/v1/payment-callbacks/qpay")
        #expect(sent.fields["time_expire"] == QPayTime.format(order.expiresAt.date))
        #expect(f.platform.tradeState(order.id) == "NOTPAY")
    }

    @Test func queryCloseAndRefund_MapToTheDomain() async throws {
        let f = try QPayFixture()
        let order = QPayFixture.order()
        #expect(try await f.provider.query(outTradeNo: order.id) == nil)
        _ = try await f.provider.prepay(QPayFixture.request(order))
        #expect(try await f.provider.query(outTradeNo: order.id)?.state == .unpaid)
        _ = f.platform.pay(order.id)
        let paid = try #require(try await f.provider.query(outTradeNo: order.id))
        #expect(paid.state == .paid && paid.amount == 3000 && paid.isForThisMerchant && paid.transactionID != nil)
        await #expect(throws: PaymentProviderError.self) { try await f.provider.close(outTradeNo: order.id) }
        let refund = try await f.provider.refund(RefundSubmission(
            refundID: "re_qpay_1", orderID: order.id, transactionID: paid.transactionID, amount: 1000, paidAmount: 3000,
            currency: .cny, reason: nil, notifyURL: "https://x"))
        #expect(refund.state == .succeeded && refund.amount == 1000 && refund.refundID != nil)
        let sent = try #require(f.platform.received.first { $0.path == QPayClient.refundPath })
        #expect(sent.fields["op_user_id"] == f.platform.operatorID)
        #expect(sent.fields["op_user_passwd"] != f.platform.operatorPassword)
        // The same refund again answers the same refund.
        let again = try await f.provider.refund(RefundSubmission(
            refundID: "re_qpay_1", orderID: order.id, transactionID: paid.transactionID, amount: 1000, paidAmount: 3000,
            currency: .cny, reason: nil, notifyURL: "https://x"))
        #expect(again.refundID == refund.refundID)
    }

    @Test func close_ClosesAnUnpaidOrder() async throws {
        let f = try QPayFixture()
        let order = QPayFixture.order(id: "ord_qpay_close")
        _ = try await f.provider.prepay(QPayFixture.request(order))
        try await f.provider.close(outTradeNo: order.id)
        #expect(f.platform.tradeState(order.id) == "CLOSED")
        #expect(try await f.provider.query(outTradeNo: order.id)?.state == .closed)
    }

    @Test func refund_WithoutCredentials_IsNotSentAndIsRetryable() async throws {
        let f = try QPayFixture(refunds: false)
        await #expect(throws: PaymentProviderError.self) {
            _ = try await f.provider.refund(RefundSubmission(refundID: "re_1", orderID: "ord_x", transactionID: nil, amount: 1,
                                                             paidAmount: 1, currency: .cny, reason: nil, notifyURL: "x"))
        }
        #expect(f.platform.received.isEmpty)
    }

    @Test func aWrongKey_IsRefusedAsFinal() async throws {
        let f = try QPayFixture(apiKey: "ffffffffffffffffffffffffffffffff")
        do {
            _ = try await f.provider.prepay(QPayFixture.request(QPayFixture.order()))
            Issue.record("a request signed with the wrong key was accepted")
        } catch let error as PaymentProviderError {
            #expect(error.kind == .rejected && !error.isRetryable)
        }
    }

    @Test func platformFailures_AreTypedAndRetryableWhereTheyMayPass() async throws {
        let f = try QPayFixture(timeout: .seconds(1))
        f.platform.setMode(.failing(errCode: "SYSTEMERROR"))
        do {
            _ = try await f.provider.prepay(QPayFixture.request(QPayFixture.order()))
            Issue.record("a failing platform prepaid")
        } catch let error as PaymentProviderError {
            #expect(error.code == "SYSTEMERROR" && error.isRetryable)
        }
        f.platform.setMode(.slow)
        do {
            _ = try await f.provider.query(outTradeNo: "ord_slow")
            Issue.record("a slow platform answered")
        } catch let error as PaymentProviderError {
            #expect(error.kind == .timedOut)
        }
        f.platform.setMode(.down)
        do {
            _ = try await f.provider.query(outTradeNo: "ord_down")
            Issue.record("a closed port answered")
        } catch let error as PaymentProviderError {
            #expect(error.kind == .unreachable)
        }
    }
}
