import CheckoutCore
import CheckoutCrypto
import CheckoutTesting
import CheckoutWeChat
import Foundation

/// A fake WeChat Pay platform and a client configured against it.
struct ClientFixture {
    let platform: FakeWeChatPay
    let client: WeChatPayClient

    /// - Parameters:
    ///   - platformKey: the key the client trusts for the platform (default: the fake's).
    ///   - baseURL: overrides the fake's address (for a closed port).
    init(timeout: Duration = .seconds(5), platformKey: RSAPublicKey? = nil, baseURL: String? = nil) throws {
        platform = try FakeWeChatPay()
        client = WeChatPayClient(configuration: WeChatPayClientConfiguration(
            apiBase: baseURL ?? platform.baseURL, appID: platform.appID, merchantID: platform.merchantID,
            merchantSerial: platform.merchantSerial, merchantKey: platform.merchantKey,
            platformKeys: [platform.platformSerial: platformKey ?? platform.platformKey.publicKey], timeout: timeout))
    }

    func prepayBody(_ outTradeNo: String = "ord_client_test_1", total: Int = 3000) -> WeChatPayJSAPIPrepay {
        WeChatPayJSAPIPrepay(appid: platform.appID, mchid: platform.merchantID, description: "Oolong",
                             outTradeNo: outTradeNo, timeExpire: WeChatPayTime.format(Date().addingTimeInterval(900)),
                             notifyURL: "https://shop.example/v1/payment-callbacks/wechatpay",
                             amount: .init(total: total), payer: .init(openid: "o-payer"))
    }

    static func order(id: String = "ord_provider_test_1", total: Int64 = 3000) -> Order {
        let now = Timestamp(Date())
        return Order(id: id, shopID: "shop_1", userID: "usr_1", status: .pendingPayment,
                     items: [OrderItem(productID: "prod_1", title: "Oolong", unitPrice: total, quantity: 1, lineTotal: total)],
                     amountTotal: total, currency: .cny,
                     shipping: Shipping(name: "Li Lei", phone: "+86 138 0000 0000", address: "1 Nanjing Rd"),
                     createdAt: now, expiresAt: now.adding(seconds: 900))
    }
}
