import CheckoutCore
import CheckoutCrypto
import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

@Suite struct ProviderTests {
    @Test func prepayAnswersPayParametersThatVerifyWithTheMerchantPublicKey() async throws {
        let f = try ClientFixture()
        let provider = WeChatPayProvider(client: f.client)
        let order = ClientFixture.order()
        let result = try await provider.prepay(PrepayRequest(order: order, payerOpenID: "o-1", notifyURL: "https://x/cb"))
        let p = result.payParameters
        #expect(p.package == "prepay_id=\(result.prepayID)")
        #expect(p["appId"] == f.platform.appID)
        #expect(WeChatPayPaySign.isValid(p, publicKey: f.platform.merchantKey.publicKey))
        #expect(!WeChatPayPaySign.isValid(p, publicKey: f.platform.platformKey.publicKey))
        let sent = try #require(f.platform.received.last?.json)
        #expect(sent["time_expire"] as? String == WeChatPayTime.format(order.expiresAt.date))
        #expect((sent["payer"] as? [String: Any])?["openid"] as? String == "o-1")
    }

    @Test func refundCloseAndQueryMapToTheDomain() async throws {
        let f = try ClientFixture()
        let provider = WeChatPayProvider(client: f.client)
        let order = ClientFixture.order()
        _ = try await provider.prepay(PrepayRequest(order: order, payerOpenID: "o-1", notifyURL: "https://x/cb"))
        #expect(try await provider.query(outTradeNo: order.id)?.state == .unpaid)
        let tx = f.platform.pay(order.id)
        let queried = try #require(try await provider.query(outTradeNo: order.id))
        #expect(queried.state == .paid)
        #expect(queried.transactionID == tx.transactionID)
        #expect(queried.amount == 3000)
        #expect(queried.isForThisMerchant)
        let refund = try await provider.refund(RefundSubmission(
            refundID: "re_1", orderID: order.id, transactionID: tx.transactionID, amount: 1000, paidAmount: 3000,
            currency: .cny, reason: "dented", notifyURL: "https://x/cb"))
        #expect(refund.state == .processing)
        #expect(refund.outRefundNo == "re_1")
        let again = try await provider.refund(RefundSubmission(
            refundID: "re_1", orderID: order.id, transactionID: tx.transactionID, amount: 1000, paidAmount: 3000,
            currency: .cny, reason: "dented", notifyURL: "https://x/cb"))
        #expect(again.refundID == refund.refundID)
        do {
            try await provider.close(outTradeNo: order.id)
            Issue.record("closing a paid order must be refused")
        } catch let error as PaymentProviderError {
            #expect(error.kind == .rejected)
            #expect(error.code == "ORDERPAID")
            #expect(!error.isRetryable)
        }
    }

    @Test func platformFailuresBecomeProviderErrorsTheAPIMapsTo502() async throws {
        let f = try ClientFixture(timeout: .milliseconds(300))
        let provider = WeChatPayProvider(client: f.client)
        f.platform.setMode(.slow)
        defer { f.platform.setMode(.normal) }
        do {
            _ = try await provider.prepay(PrepayRequest(order: ClientFixture.order(), payerOpenID: "o", notifyURL: "https://x"))
            Issue.record("expected a timeout")
        } catch let error as PaymentProviderError {
            #expect(error.kind == .timedOut)
            #expect(error.isRetryable)
            #expect(error.checkoutError.code == .badGateway)
        }
    }
}
