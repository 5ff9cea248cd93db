import CheckoutCore
import CheckoutCrypto
import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

@Suite struct ClientTests {
    @Test func aPrepayIsSignedAndItsVerifiedAnswerGivesThePrepayID() async throws {
        let f = try ClientFixture()
        let prepayID = try await f.client.prepayJSAPI(f.prepayBody())
        #expect(prepayID.hasPrefix("wx"))
        let request = try #require(f.platform.received.last)
        #expect(request.authorized)
        #expect(request.target == "/v3/pay/transactions/jsapi")
        #expect(request.json["out_trade_no"] as? String == "ord_client_test_1")
        #expect((request.json["amount"] as? [String: Any])?["total"] as? Int == 3000)
        #expect(request.json["notify_url"] as? String == "https://shop.example/v1/payment-callbacks/wechatpay")
        #expect((request.json["time_expire"] as? String)?.hasSuffix("+08:00") == true)
    }

    @Test func anAnswerSignedWithAnotherKeyIsNotBelieved() async throws {
        let f = try ClientFixture(platformKey: try RSAPrivateKey.generate().publicKey)
        await #expect(throws: PaymentProviderError.self) { try await f.client.prepayJSAPI(f.prepayBody()) }
        do {
            _ = try await f.client.prepayJSAPI(f.prepayBody("ord_client_test_2"))
        } catch {
            #expect(error.kind == .invalidResponse)
        }
    }

    @Test func platformErrorsCarryTheirCodeAndStatus() async throws {
        let f = try ClientFixture()
        f.platform.setMode(.failing(status: 500, code: "SYSTEM_ERROR"))
        do {
            _ = try await f.client.prepayJSAPI(f.prepayBody())
            Issue.record("expected a platform error")
        } catch {
            #expect(error.kind == .rejected)
            #expect(error.code == "SYSTEM_ERROR")
            #expect(error.httpStatus == 500)
        }
    }

    @Test func aClosedPortIsUnreachableForEveryCall() async throws {
        let f = try ClientFixture()
        f.platform.setMode(.down)
        for call in Self.calls {
            do {
                try await call(f)
                Issue.record("expected unreachable")
            } catch let error as PaymentProviderError {
                #expect(error.kind == .unreachable)
            }
        }
    }

    @Test func aSlowPlatformHitsTheHardDeadlineForEveryCall() async throws {
        let f = try ClientFixture(timeout: .milliseconds(300))
        f.platform.setMode(.slow)
        defer { f.platform.setMode(.normal) }
        for call in Self.calls {
            do {
                try await call(f)
                Issue.record("expected a timeout")
            } catch let error as PaymentProviderError {
                #expect(error.kind == .timedOut)
            }
        }
    }

    @Test func queryAnswersNilForAnOrderThePlatformDoesNotKnow() async throws {
        let f = try ClientFixture()
        #expect(try await f.client.query(outTradeNo: "ord_unknown") == nil)
        #expect(f.platform.received.last?.target == "/v3/pay/transactions/out-trade-no/ord_unknown?mchid=\(f.platform.merchantID)")
        _ = try await f.client.prepayJSAPI(f.prepayBody("ord_known"))
        #expect(try await f.client.query(outTradeNo: "ord_known")?.tradeState == .notPay)
    }

    @Test func closeAnswers204AndIsRefusedOncePaid() async throws {
        let f = try ClientFixture()
        _ = try await f.client.prepayJSAPI(f.prepayBody("ord_to_close"))
        try await f.client.close(outTradeNo: "ord_to_close")
        #expect(f.platform.tradeState("ord_to_close") == "CLOSED")
        _ = try await f.client.prepayJSAPI(f.prepayBody("ord_paid"))
        f.platform.pay("ord_paid")
        await #expect(throws: PaymentProviderError(.rejected, code: "ORDERPAID", httpStatus: 400, "fake platform error")) {
            try await f.client.close(outTradeNo: "ord_paid")
        }
    }

    /// One of each call the checkout makes.
    static let calls: [@Sendable (ClientFixture) async throws -> Void] = [
        { f in _ = try await f.client.prepayJSAPI(f.prepayBody()) },
        { f in _ = try await f.client.refund(WeChatPayRefundRequest(transactionID: "42", outTradeNo: nil, outRefundNo: "re_1",
                                                                    reason: nil, notifyURL: nil, amount: .init(refund: 1, total: 1))) },
        { f in try await f.client.close(outTradeNo: "ord_x") },
        { f in _ = try await f.client.query(outTradeNo: "ord_x") },
    ]
}
