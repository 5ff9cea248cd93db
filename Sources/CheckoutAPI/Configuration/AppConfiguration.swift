import CheckoutHTTP
import CheckoutStorePostgres
import Foundation

/// Every setting (README "Configuration"), typed and validated. Built once at start-up; a malformed value
/// fails with a `ConfigurationError` naming it.
public struct AppConfiguration: Sendable {
    public var server = ServerConfiguration()
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    public var databasePath = "data/checkout.sqlite"
    /// The PostgreSQL database (`CHECKOUT_DATABASE_URL`); nil: SQLite at `databasePath`.
    public var postgres: PostgresConfiguration?
    /// Writes allowed to wait for the database writer before new ones are shed with 503 (0: no limit).
    public var writeQueueLimit = 128
    public var publicDirectory = "Public"
    public var publicURL = "http://127.0.0.1:8080"
    public var adminToken: String?
    public var sandbox = false
    public var orderTTLSeconds = 900
    /// Reconciliation timing (`CHECKOUT_RECONCILE_AFTER`, `_EVERY`, `CHECKOUT_REFUND_RETRY`).
    public var reconcileAfterSeconds = 300
    public var reconcileEverySeconds = 30
    public var refundRetrySeconds = 60
    /// Share clicks a second per client address (`CHECKOUT_CLICK_RATE`), bursts of 5×; 0: no limit.
    public var clickRate = 20
    public var logLevel = "info"
    public var logFormat = "text"
    /// When set, `/metrics` is served only on this port (same bind address).
    public var metricsPort: Int?
    public var wechat = WeChatSettings()
    public var wechatPay = WeChatPaySettings()
    public var qq = QQSettings()
    public var qpay = QPaySettings()

    public init() {}

    /// Mini-program login settings (code2session).
    public struct WeChatSettings: Sendable {
        public var appID: String?
        public var appSecret: String?
        public var apiBase = "https://api.weixin.qq.com"
        public var isConfigured: Bool { appID != nil && appSecret != nil }
    }

    /// WeChat Pay API v3 merchant settings.
    public struct WeChatPaySettings: Sendable {
        public var merchantID: String?
        public var apiV3Key: String?
        public var merchantKeyPath: String?
        public var merchantSerial: String?
        public var platformCertificatePath: String?
        public var platformSerial: String?
        public var apiBase = "https://api.mch.weixin.qq.com"
        public var isConfigured: Bool {
            merchantID != nil && apiV3Key != nil && merchantKeyPath != nil && merchantSerial != nil
                && platformCertificatePath != nil && platformSerial != nil
        }
    }

    /// Reads and validates every setting.
    public static func load(_ values: SettingValues) throws(ConfigurationError) -> AppConfiguration {
        var config = AppConfiguration()
        let host = try values.required(.bind)
        guard isNumericHost(host) else {
            throw ConfigurationError(.bind, "must be a numeric IPv4 or IPv6 address or localhost, got \"\(host)\"")
        }
        config.server.host = host
        let httpPort = try values.int(.httpPort, in: 0...65535) ?? 8080
        config.server.httpPort = httpPort == 0 ? nil : httpPort
        config.tlsCertificatePath = try values.readableFile(.tlsCert)
        config.tlsKeyPath = try values.readableFile(.tlsKey)
        if (config.tlsCertificatePath == nil) != (config.tlsKeyPath == nil) {
            let missing: Setting = config.tlsCertificatePath == nil ? .tlsCert : .tlsKey
            throw ConfigurationError(missing, "is required when \(missing == .tlsCert ? "CHECKOUT_TLS_KEY" : "CHECKOUT_TLS_CERT") is set")
        }
        let httpsPort = try values.int(.httpsPort, in: 0...65535) ?? 8443
        config.server.httpsPort = config.tlsCertificatePath == nil || httpsPort == 0 ? nil : httpsPort
        if config.server.httpPort == nil && config.server.httpsPort == nil {
            throw ConfigurationError(.httpPort, "is 0 and no TLS certificate is configured: nothing would be served")
        }
        if let loops = try values.int(.eventLoops, in: 1...256) { config.server.eventLoopCount = loops }
        config.server.maxConnections = try values.int(.maxConnections, in: 1...1_000_000) ?? 16_384
        config.server.maxConnectionsIsExplicit = values.isSet(.maxConnections)
        config.server.timeouts.headMilliseconds = Int64(try values.int(.headTimeout, in: 10...3_600_000) ?? 10_000)
        config.server.timeouts.firstRequestMilliseconds = config.server.timeouts.headMilliseconds
        config.server.timeouts.idleMilliseconds = Int64(try values.int(.idleTimeout, in: 10...86_400_000) ?? 60_000)
        config.server.timeouts.bodyProgressMilliseconds = Int64(try values.int(.bodyTimeout, in: 10...3_600_000) ?? 10_000)
        config.server.timeouts.writeProgressMilliseconds = Int64(try values.int(.writeTimeout, in: 10...3_600_000) ?? 30_000)
        config.server.timeouts.handshakeMilliseconds = Int64(try values.int(.handshakeTimeout, in: 10...3_600_000) ?? 10_000)
        config.databasePath = try values.required(.database)
        config.writeQueueLimit = try values.int(.writeQueueLimit, in: 0...1_000_000) ?? 128
        if let url = values.string(.databaseURL) {
            do {
                config.postgres = try PostgresConfiguration(url: url)
            } catch {
                throw ConfigurationError(.databaseURL, error.reason)
            }
        }
        config.publicDirectory = try values.required(.publicDir)
        config.publicURL = try values.url(.publicURL) ?? config.publicURL
        config.adminToken = values.string(.adminToken)
        if let token = config.adminToken, token.utf8.count < 16 {
            throw ConfigurationError(.adminToken, "must be at least 16 characters")
        }
        config.sandbox = try values.bool(.sandbox)
        config.orderTTLSeconds = try values.int(.orderTTL, in: 1...2_592_000) ?? 900
        config.reconcileAfterSeconds = try values.int(.reconcileAfter, in: 1...86_400) ?? 300
        config.reconcileEverySeconds = try values.int(.reconcileEvery, in: 1...86_400) ?? 30
        config.refundRetrySeconds = try values.int(.refundRetry, in: 1...86_400) ?? 60
        config.clickRate = try values.int(.clickRate, in: 0...1_000_000) ?? 20
        config.logLevel = try values.choice(.logLevel, ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        config.logFormat = try values.choice(.logFormat, ["text", "json"])
        config.metricsPort = try values.int(.metricsPort, in: 1...65535)
        config.wechat.appID = values.string(.wechatAppID)
        config.wechat.appSecret = values.string(.wechatAppSecret)
        config.wechat.apiBase = try values.url(.wechatAPIBase) ?? config.wechat.apiBase
        config.wechatPay = try loadWeChatPay(values)
        config.qq = try loadQQ(values, publicURL: config.publicURL)
        config.qpay = try loadQPay(values, qq: config.qq)
        return config
    }

    private static func loadWeChatPay(_ values: SettingValues) throws(ConfigurationError) -> WeChatPaySettings {
        var pay = WeChatPaySettings()
        pay.merchantID = values.string(.wechatPayMchID)
        if let key = values.string(.wechatPayAPIv3Key) {
            guard key.utf8.count == 32 else {
                throw ConfigurationError(.wechatPayAPIv3Key, "must be exactly 32 bytes, got \(key.utf8.count)")
            }
            pay.apiV3Key = key
        }
        pay.merchantKeyPath = try values.readableFile(.wechatPayMerchantKey)
        pay.merchantSerial = values.string(.wechatPayMerchantSerial)
        pay.platformCertificatePath = try values.readableFile(.wechatPayPlatformCert)
        pay.platformSerial = values.string(.wechatPayPlatformSerial)
        pay.apiBase = try values.url(.wechatPayAPIBase) ?? pay.apiBase
        let given: [(Setting, Bool)] = [
            (.wechatPayMchID, pay.merchantID != nil), (.wechatPayAPIv3Key, pay.apiV3Key != nil),
            (.wechatPayMerchantKey, pay.merchantKeyPath != nil), (.wechatPayMerchantSerial, pay.merchantSerial != nil),
            (.wechatPayPlatformCert, pay.platformCertificatePath != nil), (.wechatPayPlatformSerial, pay.platformSerial != nil),
        ]
        if given.contains(where: \.1), let missing = given.first(where: { !$0.1 }) {
            throw ConfigurationError(missing.0, "is required when any WECHATPAY_* setting is given")
        }
        return pay
    }

    private static func isNumericHost(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
