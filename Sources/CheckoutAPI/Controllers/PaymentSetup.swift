import CheckoutCore
import CheckoutCrypto
import CheckoutHTTP
import CheckoutQQ
import CheckoutWeChat
import Foundation
import Logging

/// The payments side of the app, built from configuration: the WeChat Pay provider (when
/// `WECHATPAY_*` is set), the sandbox provider (`CHECKOUT_SANDBOX=1`, keys kept next to the
/// database in `sandbox/`), the `PaymentService` with its order hooks, the notification reader
/// and the routes.
public struct PaymentSetup: Sendable {
    public let service: PaymentService
    /// The sandbox platform; nil unless sandbox mode is on.
    public let sandbox: SandboxPaymentProvider?
    /// The providers whose payments can be split (profit sharing), by name.
    public let profitSharing: [String: any ProfitSharingProvider]
    /// The sandbox's QQ Wallet; nil unless sandbox mode is on and `QPAY_*` is not set.
    public let sandboxQPay: SandboxQPayProvider?
    let callback: PaymentCallbackController
    /// The QQ Wallet callback (404 when `QPAY_*` is not set).
    let qpayCallback: QPayCallbackController
    let orders: OrderService
    let idempotency: IdempotencyGate
    let store: any PaymentStore

    /// - Parameters:
    ///   - timeout: the hard limit of one WeChat Pay call.
    /// - Throws: `ConfigurationError` naming a key file that cannot be read, or a missing
    ///   `WECHAT_APP_ID` when WeChat Pay is configured.
    public init(configuration: AppConfiguration, services: CheckoutServices, payments: any PaymentStore,
                clock: any Clock, ids: any IDGenerator, logger: Logger, timeout: Duration = .seconds(10)) throws {
        var providers = [any PaymentProvider]()
        var authorities = [WeChatPayNotificationReader.Authority]()
        var sharing = [String: any ProfitSharingProvider]()
        var wechatPayClient: WeChatPayClient?
        let pay = configuration.wechatPay
        if pay.isConfigured, let merchantID = pay.merchantID, let apiV3Key = pay.apiV3Key,
           let keyPath = pay.merchantKeyPath, let merchantSerial = pay.merchantSerial,
           let certificatePath = pay.platformCertificatePath, let platformSerial = pay.platformSerial {
            guard let appID = configuration.wechat.appID else {
                throw ConfigurationError(.wechatAppID, "is required when WECHATPAY_* is set (prepays are for the mini-program)")
            }
            let merchantKey = try Self.load(Setting.wechatPayMerchantKey) { try RSAPrivateKey(pemFile: keyPath) }
            let platformKey = try Self.load(Setting.wechatPayPlatformCert) {
                try RSAPublicKey(pem: String(contentsOfFile: certificatePath, encoding: .utf8))
            }
            let client = WeChatPayClient(configuration: WeChatPayClientConfiguration(
                apiBase: pay.apiBase, appID: appID, merchantID: merchantID, merchantSerial: merchantSerial,
                merchantKey: merchantKey, platformKeys: [platformSerial: platformKey], timeout: timeout))
            let wechatPay = WeChatPayProvider(client: client)
            providers.append(wechatPay)
            sharing[wechatPay.name] = wechatPay
            wechatPayClient = client
            let decryptor = try Self.load(Setting.wechatPayAPIv3Key) { try WeChatPayNotificationDecryptor(apiV3Key: apiV3Key) }
            authorities.append(.init(provider: "wechatpay", serial: platformSerial, platformKey: platformKey,
                                     decryptor: decryptor, appID: appID, merchantID: merchantID))
        }
        if configuration.sandbox {
            let folder = URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent()
                .appendingPathComponent("sandbox").path
            let sandbox = try Self.load(Setting.sandbox) { try SandboxPaymentProvider(keys: SandboxKeys.loadOrCreate(directory: folder)) }
            providers.append(sandbox)
            sharing[sandbox.name] = sandbox
            authorities.append(try sandbox.notificationAuthority)
            self.sandbox = sandbox
        } else {
            sandbox = nil
        }
        profitSharing = sharing
        let qq = try Self.makeQQProviders(configuration: configuration, wechatPay: wechatPayClient, sandbox: sandbox,
                                          clock: clock, timeout: timeout)
        providers += qq.providers
        sandboxQPay = qq.sandboxQPay
        var settings = PaymentConfiguration(notifyURL: Self.notifyURL(configuration.publicURL),
                                            defaultProvider: pay.isConfigured ? "wechatpay" : (configuration.sandbox ? "sandbox" : nil))
        settings.batchSize = 50
        settings.reconcileAfterSeconds = Int64(configuration.reconcileAfterSeconds)
        settings.recheckSeconds = Int64(configuration.reconcileAfterSeconds)
        settings.reconcileEverySeconds = Int64(configuration.reconcileEverySeconds)
        settings.refundRetrySeconds = Int64(configuration.refundRetrySeconds)
        settings.notifiedAs = ["wechatpay_qq": qq.wechatPayQQNotifiedAs]
        let paymentLogger = logger
        service = PaymentService(store: payments, orders: services.orders, providers: providers,
                                 clock: clock, ids: ids, configuration: settings,
                                 onProblem: { paymentLogger.warning("payments: \($0)") })
        service.installOrderHooks()
        store = payments
        orders = services.orders
        idempotency = IdempotencyGate(service: services.idempotency)
        callback = PaymentCallbackController(reader: WeChatPayNotificationReader(authorities: authorities),
                                             service: service, logger: logger)
        qpayCallback = QPayCallbackController(reader: qq.qpayReader, service: service, logger: logger)
        let callback = self.callback
        sandbox?.setDelivery { message in _ = await callback.handle(headers: message.headers, body: message.body) }
    }

    /// Registers the payment, refund, anomaly, callback and (in sandbox mode) sandbox routes.
    public func addRoutes(to api: APIRoutes, authenticator: Authenticator) {
        api.add(PaymentController(service: service, authenticator: authenticator, idempotency: idempotency))
        api.add(RefundController(service: service, authenticator: authenticator, idempotency: idempotency))
        api.add(PaymentAnomalyController(service: service, authenticator: authenticator))
        api.add(callback)
        api.add(qpayCallback)
        api.add(SandboxController(sandbox: sandbox, sandboxQPay: sandboxQPay, callback: callback, qpayCallback: qpayCallback,
                                  payments: service, orders: orders, authenticator: authenticator))
    }

    /// Adds `checkout_payments_total{outcome}` (this process's counters) and
    /// `checkout_payment_anomalies{kind}` (all stored anomalies) to `/metrics`.
    public func registerMetrics(in registry: MetricsRegistry) {
        let counters = service.metrics
        let store = self.store
        registry.register(.init(name: "checkout_payments_total",
                                help: "Payment notifications, prepays and refunds by outcome since start.", type: "counter") {
            counters.snapshot().sorted { $0.key < $1.key }.map { (labels: "outcome=\"\($0.key)\"", value: Double($0.value)) }
        })
        registry.register(.init(name: "checkout_payment_anomalies", help: "Stored payment anomalies by kind.", type: "gauge") {
            try await store.anomalyCountsByKind().sorted { $0.key.rawValue < $1.key.rawValue }.map {
                (labels: "kind=\"\($0.key.rawValue)\"", value: Double($0.value))
            }
        })
    }

    /// `CHECKOUT_PUBLIC_URL` + the callback path.
    static func notifyURL(_ publicURL: String) -> String {
        callbackURL(publicURL, PaymentConfiguration.callbackPath)
    }

    /// `CHECKOUT_PUBLIC_URL` + `path`.
    static func callbackURL(_ publicURL: String, _ path: String) -> String {
        (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + path
    }

    static func load<T>(_ setting: Setting, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw ConfigurationError(setting, "cannot be used: \(error)")
        }
    }
}
