import CheckoutCore
import CheckoutQQ
import CheckoutWeChat
import Logging

extension PaymentSetup {
    /// The QQ side of payments, built from `QQ_*` and `QPAY_*`.
    struct QQProviders {
        var providers: [any PaymentProvider] = []
        /// Verifies `POST /v1/payment-callbacks/qpay`; nil when QQ Wallet is not configured.
        var qpayReader: QPayNotificationReader?
        /// The sandbox standing in for QQ Wallet.
        var sandboxQPay: SandboxQPayProvider?
        /// Whose notifications settle `wechatpay_qq` payments: `wechatpay`, or `sandbox` standing in.
        var wechatPayQQNotifiedAs = "wechatpay"
    }

    /// `qpay` when `QPAY_*` is set; `wechatpay_qq` when `QQ_*` and WeChat Pay are set. In sandbox
    /// mode the sandbox stands in for whichever of the two is not configured.
    /// - Parameters:
    ///   - wechatPay: the WeChat Pay client, when `WECHATPAY_*` is set.
    ///   - sandbox: the sandbox platform, in sandbox mode.
    /// - Throws: `ConfigurationError` naming a client certificate or key that cannot be used.
    static func makeQQProviders(configuration: AppConfiguration, wechatPay: WeChatPayClient?,
                                sandbox: SandboxPaymentProvider?, clock: any Clock, timeout: Duration) throws -> QQProviders {
        var built = QQProviders()
        let qq = configuration.qq
        let qpay = configuration.qpay
        if let merchantID = qpay.merchantID, let apiKey = qpay.apiKey, let appID = qq.appID {
            let client = try load(Setting.qpayCert) {
                try QPayClient(configuration: QPayConfiguration(
                    apiBase: qpay.apiBase, merchantID: merchantID, apiKey: apiKey, appID: appID,
                    notifyURL: callbackURL(configuration.publicURL, QPayCallbackController.path),
                    refunds: qpay.refunds, timeout: timeout))
            }
            built.providers.append(QPayProvider(client: client))
            built.qpayReader = QPayNotificationReader(apiKey: apiKey, merchantID: merchantID, appID: appID)
        }
        if let wechatPay, let appID = qq.appID, let secret = qq.appSecret {
            let platform = try load(Setting.qqAPIBase) {
                try QQPlatformClient(apiBase: qq.apiBase, appID: appID, appSecret: secret, timeout: timeout)
            }
            let tokens = QQAccessTokenCache(clock: clock) { try await platform.fetchToken() }
            built.providers.append(WeChatPayQQProvider(client: wechatPay, forwarding: QQWeChatPayForwarding(
                apiBase: qq.apiBase, qqAppID: appID, signedPath: qq.signedPath, requireSignedAnswers: qq.requireSignedAnswers,
                forwarderNotifyURL: qq.forwarderNotifyURL, referer: qq.referer), tokens: tokens))
        } else if let sandbox {
            built.providers.append(SandboxWeChatPayQQProvider(sandbox: sandbox, referer: qq.referer))
            built.wechatPayQQNotifiedAs = sandbox.name
        }
        if built.qpayReader == nil, sandbox != nil {
            let standIn = SandboxQPayProvider(appID: qq.appID ?? "1110000000")
            built.providers.append(standIn)
            built.qpayReader = standIn.reader
            built.sandboxQPay = standIn
        }
        return built
    }
}
