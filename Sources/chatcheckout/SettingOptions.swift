import ArgumentParser
import CheckoutAPI

/// A `--flag` for every setting (README "Configuration"); a flag wins over its environment variable.
/// Values stay strings here so that one validator (`AppConfiguration.load`) names the
/// setting in every error.
struct SettingOptions: ParsableArguments {
    @Option(help: "Address to listen on (CHECKOUT_BIND).") var bind: String?
    @Option(name: .customLong("http-port"), help: "Plain HTTP port, 0 = off (CHECKOUT_HTTP_PORT).") var httpPort: String?
    @Option(name: .customLong("https-port"), help: "TLS port (CHECKOUT_HTTPS_PORT).") var httpsPort: String?
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain (CHECKOUT_TLS_CERT).") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key (CHECKOUT_TLS_KEY).") var tlsKey: String?
    @Option(name: .customLong("db"), help: "SQLite database file (CHECKOUT_DB).") var database: String?
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL instead of SQLite (CHECKOUT_DATABASE_URL).") var databaseURL: String?
    @Option(name: .customLong("write-queue-limit"), help: "Writes waiting beyond this get 503 (CHECKOUT_WRITE_QUEUE_LIMIT).") var writeQueueLimit: String?
    @Option(name: .customLong("public-dir"), help: "Static files folder (CHECKOUT_PUBLIC_DIR).") var publicDir: String?
    @Option(name: .customLong("public-url"), help: "Public base URL (CHECKOUT_PUBLIC_URL).") var publicURL: String?
    @Option(name: .customLong("admin-token"), help: "Admin bearer token (CHECKOUT_ADMIN_TOKEN).") var adminToken: String?
    @Option(help: "1 enables sandbox login and payments (CHECKOUT_SANDBOX).") var sandbox: String?
    @Option(name: .customLong("order-ttl"), help: "Seconds before an unpaid order expires (CHECKOUT_ORDER_TTL).") var orderTTL: String?
    @Option(name: .customLong("reconcile-after"), help: "Seconds before a pending payment is queried (CHECKOUT_RECONCILE_AFTER).") var reconcileAfter: String?
    @Option(name: .customLong("reconcile-every"), help: "Seconds between reconciliation passes (CHECKOUT_RECONCILE_EVERY).") var reconcileEvery: String?
    @Option(name: .customLong("refund-retry"), help: "Seconds before a refund is resubmitted (CHECKOUT_REFUND_RETRY).") var refundRetry: String?
    @Option(name: .customLong("log-level"), help: "Log level (CHECKOUT_LOG_LEVEL).") var logLevel: String?
    @Option(name: .customLong("log-format"), help: "text or json (CHECKOUT_LOG_FORMAT).") var logFormat: String?
    @Option(name: .customLong("metrics-port"), help: "Serve /metrics only on this port (CHECKOUT_METRICS_PORT).") var metricsPort: String?
    @Option(name: .customLong("event-loops"), help: "Event loop threads (CHECKOUT_EVENT_LOOPS).") var eventLoops: String?
    @Option(name: .customLong("max-connections"), help: "Connection ceiling (CHECKOUT_MAX_CONNECTIONS).") var maxConnections: String?
    @Option(name: .customLong("head-timeout-ms"), help: "Request head time limit (CHECKOUT_HEAD_TIMEOUT_MS).") var headTimeout: String?
    @Option(name: .customLong("idle-timeout-ms"), help: "Idle keep-alive limit (CHECKOUT_IDLE_TIMEOUT_MS).") var idleTimeout: String?
    @Option(name: .customLong("body-timeout-ms"), help: "Body progress limit (CHECKOUT_BODY_TIMEOUT_MS).") var bodyTimeout: String?
    @Option(name: .customLong("write-timeout-ms"), help: "Slow reader limit (CHECKOUT_WRITE_TIMEOUT_MS).") var writeTimeout: String?
    @Option(name: .customLong("handshake-timeout-ms"), help: "TLS handshake limit (CHECKOUT_HANDSHAKE_TIMEOUT_MS).") var handshakeTimeout: String?
    @Option(name: .customLong("wechat-app-id"), help: "WECHAT_APP_ID") var wechatAppID: String?
    @Option(name: .customLong("wechat-app-secret"), help: "WECHAT_APP_SECRET") var wechatAppSecret: String?
    @Option(name: .customLong("wechat-api-base"), help: "WECHAT_API_BASE") var wechatAPIBase: String?
    @Option(name: .customLong("wechatpay-mch-id"), help: "WECHATPAY_MCH_ID") var wechatPayMchID: String?
    @Option(name: .customLong("wechatpay-apiv3-key"), help: "WECHATPAY_APIV3_KEY") var wechatPayAPIv3Key: String?
    @Option(name: .customLong("wechatpay-merchant-key"), help: "WECHATPAY_MERCHANT_KEY") var wechatPayMerchantKey: String?
    @Option(name: .customLong("wechatpay-merchant-serial"), help: "WECHATPAY_MERCHANT_SERIAL") var wechatPayMerchantSerial: String?
    @Option(name: .customLong("wechatpay-platform-cert"), help: "WECHATPAY_PLATFORM_CERT") var wechatPayPlatformCert: String?
    @Option(name: .customLong("wechatpay-platform-serial"), help: "WECHATPAY_PLATFORM_SERIAL") var wechatPayPlatformSerial: String?
    @Option(name: .customLong("wechatpay-api-base"), help: "WECHATPAY_API_BASE") var wechatPayAPIBase: String?

    /// The flags given, keyed by environment variable name.
    var overrides: [String: String] {
        let pairs: [(Setting, String?)] = [
            (.bind, bind), (.httpPort, httpPort), (.httpsPort, httpsPort), (.tlsCert, tlsCert), (.tlsKey, tlsKey),
            (.database, database), (.databaseURL, databaseURL), (.writeQueueLimit, writeQueueLimit), (.publicDir, publicDir), (.publicURL, publicURL), (.adminToken, adminToken),
            (.sandbox, sandbox), (.orderTTL, orderTTL),
            (.reconcileAfter, reconcileAfter), (.reconcileEvery, reconcileEvery), (.refundRetry, refundRetry), (.logLevel, logLevel), (.logFormat, logFormat),
            (.metricsPort, metricsPort), (.eventLoops, eventLoops), (.maxConnections, maxConnections), (.headTimeout, headTimeout),
            (.idleTimeout, idleTimeout), (.bodyTimeout, bodyTimeout), (.writeTimeout, writeTimeout), (.handshakeTimeout, handshakeTimeout),
            (.wechatAppID, wechatAppID), (.wechatAppSecret, wechatAppSecret), (.wechatAPIBase, wechatAPIBase),
            (.wechatPayMchID, wechatPayMchID), (.wechatPayAPIv3Key, wechatPayAPIv3Key),
            (.wechatPayMerchantKey, wechatPayMerchantKey), (.wechatPayMerchantSerial, wechatPayMerchantSerial),
            (.wechatPayPlatformCert, wechatPayPlatformCert), (.wechatPayPlatformSerial, wechatPayPlatformSerial),
            (.wechatPayAPIBase, wechatPayAPIBase),
        ]
        var result: [String: String] = [:]
        for (setting, value) in pairs { if let value { result[setting.variable] = value } }
        return result
    }
}
