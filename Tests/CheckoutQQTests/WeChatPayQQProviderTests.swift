import CheckoutCore
import CheckoutCrypto
import CheckoutQQ
import CheckoutTesting
import CheckoutWeChat
import Foundation
import Testing

/// The `wechatpay_qq` provider against a fake QQ forwarder in front of a fake WeChat Pay.
@Suite struct WeChatPayQQProviderTests {
    struct Fixture {
        let wechatPay: FakeWeChatPay
        let qq: FakeQQPlatform
        let tokens: QQAccessTokenCache
        let provider: WeChatPayQQProvider

        init(signedPath: QQWeChatPayForwarding.SignedPath = .wechat, requireSigned: Bool = true) throws {
            wechatPay = try FakeWeChatPay()
            qq = try FakeQQPlatform(wechatPay: wechatPay)
            let client = WeChatPayClient(configuration: WeChatPayClientConfiguration(
                apiBase: wechatPay.baseURL, appID: wechatPay.appID, merchantID: wechatPay.merchantID,
                merchantSerial: wechatPay.merchantSerial, merchantKey: wechatPay.merchantKey,
                platformKeys: [wechatPay.platformSerial: wechatPay.platformKey.publicKey], timeout: .seconds(5)))
            let platform = try QQPlatformClient(apiBase: qq.baseURL, appID: qq.appID, appSecret: qq.appSecret)
            tokens = QQAccessTokenCache(clock: SystemClock()) { try await platform.fetchToken() }
            provider = WeChatPayQQProvider(client: client, forwarding: QQWeChatPayForwarding(
                apiBase: qq.baseURL, qqAppID: qq.appID, signedPath: signedPath, requireSignedAnswers: requireSigned,
                referer: "https://shop.example"), tokens: tokens)
        }
    }

    @Test func prepay_GoesThroughTheForwarderAndAnswersRequestWxPaymentParameters() async throws {
        let f = try Fixture()
        let order = QPayFixture.order(id: "ord_wxqq_1")
        let result = try await f.provider.prepay(QPayFixture.request(order))
        let url = try #require(result.payParameters["url"])
        #expect(url.hasPrefix("https://wx.tenpay.com/") && url.contains("prepay_id=\(result.prepayID)"))
        #expect(result.payParameters["referer"] == "https://shop.example")
        #expect(f.qq.realNotifyURL(order.id) == "https://x/cb")
        let sent = try #require(f.wechatPay.received.last)
        #expect(sent.authorized && sent.target == "/v3/pay/transactions/h5")
        #expect(sent.json["notify_url"] as? String == QQWeChatPayForwarding.defaultNotifyURL)
        // Query and close go to WeChat Pay directly.
        #expect(try await f.provider.query(outTradeNo: order.id)?.state == .unpaid)
        try await f.provider.close(outTradeNo: order.id)
        #expect(f.wechatPay.tradeState(order.id) == "CLOSED")
    }

    @Test func aRevokedToken_IsRefreshedOnceAndTheOrderStillPlaced() async throws {
        let f = try Fixture()
        _ = try await f.provider.prepay(QPayFixture.request(QPayFixture.order(id: "ord_wxqq_2")))
        f.qq.revokeTokens()
        _ = try await f.provider.prepay(QPayFixture.request(QPayFixture.order(id: "ord_wxqq_3")))
        #expect(f.qq.issuedTokens.count == 2)
        #expect(f.tokens.fetchCount == 2)
    }

    @Test func aForwarderThatDropsSignatures_IsRefusedUnlessTheSettingAllowsIt() async throws {
        var forwarding = FakeQQPlatform.Forwarding()
        forwarding.keepsSignatureHeaders = false
        let strict = try Fixture()
        strict.qq.setForwarding(forwarding)
        do {
            _ = try await strict.provider.prepay(QPayFixture.request(QPayFixture.order(id: "ord_wxqq_4")))
            Issue.record("an unsigned answer was believed")
        } catch let error as PaymentProviderError {
            #expect(error.kind == .invalidResponse)
        }
        let lenient = try Fixture(requireSigned: false)
        lenient.qq.setForwarding(forwarding)
        let result = try await lenient.provider.prepay(QPayFixture.request(QPayFixture.order(id: "ord_wxqq_5")))
        #expect(result.payParameters["url"] != nil)
    }

    @Test func theSignedPath_MustMatchWhatTheForwarderPassesOn() async throws {
        var passthrough = FakeQQPlatform.Forwarding()
        passthrough.rewritesTarget = false
        let matching = try Fixture(signedPath: .forwarder)
        matching.qq.setForwarding(passthrough)
        _ = try await matching.provider.prepay(QPayFixture.request(QPayFixture.order(id: "ord_wxqq_6")))
        let mismatched = try Fixture(signedPath: .wechat)
        mismatched.qq.setForwarding(passthrough)
        do {
            _ = try await mismatched.provider.prepay(QPayFixture.request(QPayFixture.order(id: "ord_wxqq_7")))
            Issue.record("a signature over the wrong target was accepted")
        } catch let error as PaymentProviderError {
            #expect(error.code == "SIGN_ERROR")
        }
    }

    @Test func aForwarderThatIsDown_IsUnreachable() async throws {
        let f = try Fixture()
        f.qq.setDown()
        do {
            _ = try await f.provider.prepay(QPayFixture.request(QPayFixture.order(id: "ord_wxqq_8")))
            Issue.record("a down forwarder answered")
        } catch let error as QQPlatformError {
            #expect(error.kind == .unreachable)
        } catch let error as PaymentProviderError {
            #expect(error.kind == .unreachable)
        }
    }
}
