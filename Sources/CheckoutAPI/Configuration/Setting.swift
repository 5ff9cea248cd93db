import Foundation

/// One configuration setting: its environment variable, the matching `--flag`, its default
/// and what it means (README "Configuration"). The table in `Setting.all` is the single source
/// for parsing, `--help` and the README.
public struct Setting: Sendable, Hashable {
    public let variable: String
    public let defaultValue: String?
    public let help: String

    /// `CHECKOUT_HTTP_PORT` → `http-port`, `WECHAT_APP_ID` → `wechat-app-id`.
    public var flag: String {
        var name = variable
        if name.hasPrefix("CHECKOUT_") { name.removeFirst("CHECKOUT_".count) }
        return name.lowercased().replacingOccurrences(of: "_", with: "-")
    }

    public static let bind = Setting("CHECKOUT_BIND", "127.0.0.1", "address to listen on (the container sets 0.0.0.0)")
    public static let httpPort = Setting("CHECKOUT_HTTP_PORT", "8080", "plain HTTP port; 0 turns it off")
    public static let httpsPort = Setting("CHECKOUT_HTTPS_PORT", "8443", "TLS port, served when a certificate is given")
    public static let tlsCert = Setting("CHECKOUT_TLS_CERT", nil, "PEM certificate chain")
    public static let tlsKey = Setting("CHECKOUT_TLS_KEY", nil, "PEM private key")
    public static let database = Setting("CHECKOUT_DB", "data/checkout.sqlite", "SQLite database file, created with its folder")
    public static let databaseURL = Setting("CHECKOUT_DATABASE_URL", nil,
                                            "PostgreSQL instead of SQLite: `postgres://user:pass@host:port/db?sslmode=…`; any number of replicas may share it")
    public static let writeQueueLimit = Setting("CHECKOUT_WRITE_QUEUE_LIMIT", "128", "writes waiting for the database beyond this are refused at once with 503 and Retry-After (0: no limit)")
    public static let publicDir = Setting("CHECKOUT_PUBLIC_DIR", "Public", "static files")
    public static let publicURL = Setting("CHECKOUT_PUBLIC_URL", "http://127.0.0.1:8080", "base of share-link URLs and of the payment notify URL")
    public static let adminToken = Setting("CHECKOUT_ADMIN_TOKEN", nil, "admin bearer token; without it the admin endpoints answer 401")
    public static let sandbox = Setting("CHECKOUT_SANDBOX", "0", "1 enables the sandbox login and sandbox payment provider")
    public static let orderTTL = Setting("CHECKOUT_ORDER_TTL", "900", "seconds before an unpaid order expires")
    public static let reconcileAfter = Setting("CHECKOUT_RECONCILE_AFTER", "300", "seconds a payment stays pending before it is queried at the platform, and between queries of it (the lease of a replica's claim: keep it above 10 s)")
    public static let reconcileEvery = Setting("CHECKOUT_RECONCILE_EVERY", "30", "seconds between reconciliation passes of this process")
    public static let refundRetry = Setting("CHECKOUT_REFUND_RETRY", "60", "seconds before a refund without a final answer is resubmitted (the lease of a replica's claim: keep it above 10 s)")
    public static let clickRate = Setting("CHECKOUT_CLICK_RATE", "20", "share clicks a second per client address, bursts of 5 times that; 0 turns the limit off")
    public static let logLevel = Setting("CHECKOUT_LOG_LEVEL", "info", "trace, debug, info, notice, warning, error, critical")
    public static let logFormat = Setting("CHECKOUT_LOG_FORMAT", "text", "text, or json for one JSON object a line")
    public static let eventLoops = Setting("CHECKOUT_EVENT_LOOPS", nil, "event loop threads (default: one per core)")
    public static let maxConnections = Setting("CHECKOUT_MAX_CONNECTIONS", "16384", "open connections beyond this are closed at accept")
    public static let headTimeout = Setting("CHECKOUT_HEAD_TIMEOUT_MS", "10000", "a request head must arrive within this (ms)")
    public static let idleTimeout = Setting("CHECKOUT_IDLE_TIMEOUT_MS", "60000", "idle keep-alive limit (ms)")
    public static let bodyTimeout = Setting("CHECKOUT_BODY_TIMEOUT_MS", "10000", "a request body must progress within this (ms)")
    public static let writeTimeout = Setting("CHECKOUT_WRITE_TIMEOUT_MS", "30000", "a slow reader must take bytes within this (ms)")
    public static let handshakeTimeout = Setting("CHECKOUT_HANDSHAKE_TIMEOUT_MS", "10000", "a TLS handshake must complete within this (ms)")
    public static let metricsPort = Setting("CHECKOUT_METRICS_PORT", nil, "serve /metrics only on this port (default: on the main ports)")
    public static let wechatAppID = Setting("WECHAT_APP_ID", nil, "mini-program app id (code2session)")
    public static let wechatAppSecret = Setting("WECHAT_APP_SECRET", nil, "mini-program app secret (code2session)")
    public static let wechatAPIBase = Setting("WECHAT_API_BASE", "https://api.weixin.qq.com", "WeChat API base")
    public static let wechatPayMchID = Setting("WECHATPAY_MCH_ID", nil, "WeChat Pay merchant id")
    public static let wechatPayAPIv3Key = Setting("WECHATPAY_APIV3_KEY", nil, "32-byte APIv3 key that decrypts notifications")
    public static let wechatPayMerchantKey = Setting("WECHATPAY_MERCHANT_KEY", nil, "merchant private key (PEM file)")
    public static let wechatPayMerchantSerial = Setting("WECHATPAY_MERCHANT_SERIAL", nil, "merchant certificate serial")
    public static let wechatPayPlatformCert = Setting("WECHATPAY_PLATFORM_CERT", nil, "platform certificate or public key (PEM file)")
    public static let wechatPayPlatformSerial = Setting("WECHATPAY_PLATFORM_SERIAL", nil, "platform serial / public-key id")
    public static let wechatPayAPIBase = Setting("WECHATPAY_API_BASE", "https://api.mch.weixin.qq.com", "payment API base")

    public static let qqAppID = Setting("QQ_APP_ID", nil, "QQ mini-program app id (jscode2session, access token, WeChat Pay in QQ, QQ Wallet orders)")
    public static let qqAppSecret = Setting("QQ_APP_SECRET", nil, "QQ mini-program app secret")
    public static let qqAPIBase = Setting("QQ_API_BASE", "https://api.q.qq.com", "QQ open API base (login, access token, WeChat Pay forwarder)")
    public static let qqWxPaySignedPath = Setting("QQ_WXPAY_SIGNED_PATH", "wechat", "target the forwarded H5 order is signed over: wechat (/v3/pay/transactions/h5) or forwarder (QQ's own target)")
    public static let qqWxPaySignedAnswers = Setting("QQ_WXPAY_SIGNED_ANSWERS", "1", "1: a forwarded H5 answer must carry WeChat Pay's signature; 0: an unsigned one is taken for its h5_url only")
    public static let qqWxPayNotifyURL = Setting("QQ_WXPAY_NOTIFY_URL", "https://api.q.qq.com/wxpay/notify", "notify_url in forwarded H5 orders (QQ's notification forwarder)")
    public static let qqWxPayReferer = Setting("QQ_WXPAY_REFERER", nil, "referer for qq.requestWxPayment: the H5 domain registered at WeChat Pay (default: CHECKOUT_PUBLIC_URL)")
    public static let qpayMchID = Setting("QPAY_MCH_ID", nil, "QQ Wallet merchant id")
    public static let qpayAPIKey = Setting("QPAY_API_KEY", nil, "QQ Wallet 32-character signing key")
    public static let qpayAPIBase = Setting("QPAY_API_BASE", "https://qpay.qq.com", "QQ Wallet API base")
    public static let qpayCert = Setting("QPAY_CERT", nil, "QQ Wallet client certificate (PEM file), for refunds")
    public static let qpayKey = Setting("QPAY_KEY", nil, "QQ Wallet client certificate's key (PEM file), for refunds")
    public static let qpayOpUserID = Setting("QPAY_OP_USER_ID", nil, "QQ Wallet operator id, for refunds")
    public static let qpayOpUserPasswd = Setting("QPAY_OP_USER_PASSWD", nil, "QQ Wallet operator password, for refunds (sent as its MD5)")

    public static let all: [Setting] = [
        bind, httpPort, httpsPort, tlsCert, tlsKey, database, databaseURL, writeQueueLimit, publicDir, publicURL, adminToken, sandbox, orderTTL,
        reconcileAfter, reconcileEvery, refundRetry, clickRate, logLevel, logFormat, metricsPort, eventLoops, maxConnections, headTimeout, idleTimeout, bodyTimeout, writeTimeout,
        handshakeTimeout, wechatAppID, wechatAppSecret, wechatAPIBase, wechatPayMchID, wechatPayAPIv3Key, wechatPayMerchantKey,
        wechatPayMerchantSerial, wechatPayPlatformCert, wechatPayPlatformSerial, wechatPayAPIBase,
        qqAppID, qqAppSecret, qqAPIBase, qqWxPaySignedPath, qqWxPaySignedAnswers, qqWxPayNotifyURL, qqWxPayReferer,
        qpayMchID, qpayAPIKey, qpayAPIBase, qpayCert, qpayKey, qpayOpUserID, qpayOpUserPasswd,
    ]

    init(_ variable: String, _ defaultValue: String?, _ help: String) {
        self.variable = variable
        self.defaultValue = defaultValue
        self.help = help
    }
}
