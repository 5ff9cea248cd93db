import CheckoutCore
import CheckoutQQ
import CheckoutTesting
import CheckoutWeChat
import Foundation

/// A QQ Wallet provider wired to a fresh `FakeQPay`.
struct QPayFixture {
    let platform: FakeQPay
    let client: QPayClient
    let provider: QPayProvider

    /// - Parameters:
    ///   - apiKey: the key we sign with (default: the fake's).
    ///   - refunds: configure the refund credentials.
    init(timeout: Duration = .seconds(5), apiKey: String? = nil, refunds: Bool = true, baseURL: String? = nil) throws {
        platform = try FakeQPay()
        let credentials = QPayConfiguration.RefundCredentials(
            certificatePath: try TestCertificates.shared().certificatePath, keyPath: try TestCertificates.shared().keyPath,
            operatorID: platform.operatorID, operatorPassword: platform.operatorPassword)
        client = try QPayClient(configuration: QPayConfiguration(
            apiBase: baseURL ?? platform.baseURL, merchantID: platform.merchantID, apiKey: apiKey ?? platform.apiKey,
            appID: platform.appID, notifyURL: "https://shop.example/v1/payment-callbacks/qpay",
            refunds: refunds ? credentials : nil, timeout: timeout))
        provider = QPayProvider(client: client)
    }

    static func order(id: String = "ord_qpay_test_1", total: Int64 = 3000) -> Order {
        let now = Timestamp(Date())
        return Order(id: id, shopID: "shop_1", userID: "usr_1", status: .pendingPayment,
                     items: [OrderItem(productID: "prod_1", title: "乌龙茶 Oolong", unitPrice: total, quantity: 1, lineTotal: total)],
                     amountTotal: total, currency: .cny,
                     shipping: Shipping(name: "Li Lei", phone: "+86 138 0000 0000", address: "1 Nanjing Rd"),
                     createdAt: now, expiresAt: now.adding(seconds: 900))
    }

    static func request(_ order: Order) -> PrepayRequest {
        PrepayRequest(order: order, payerOpenID: "qq-openid-1", notifyURL: "https://x/cb", payerIP: "203.0.113.9")
    }
}
