import CheckoutQQ

extension AppConfiguration {
    /// QQ mini-program settings: login, the access token and WeChat Pay through QQ's forwarder.
    public struct QQSettings: Sendable {
        public var appID: String?
        public var appSecret: String?
        public var apiBase = "https://api.q.qq.com"
        public var signedPath = QQWeChatPayForwarding.SignedPath.wechat
        public var requireSignedAnswers = true
        public var forwarderNotifyURL = QQWeChatPayForwarding.defaultNotifyURL
        public var referer = "http://127.0.0.1:8080"
        public var isConfigured: Bool { appID != nil && appSecret != nil }
    }

    /// QQ Wallet merchant settings.
    public struct QPaySettings: Sendable {
        public var merchantID: String?
        public var apiKey: String?
        public var apiBase = "https://qpay.qq.com"
        public var refunds: QPayConfiguration.RefundCredentials?
        public var isConfigured: Bool { merchantID != nil && apiKey != nil }
    }

    static func loadQQ(_ values: SettingValues, publicURL: String) throws(ConfigurationError) -> QQSettings {
        var qq = QQSettings()
        qq.appID = values.string(.qqAppID)
        if let id = qq.appID, !(1...20).contains(id.utf8.count) || !id.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            throw ConfigurationError(.qqAppID, "must be the numeric QQ app id, got \"\(id)\"")
        }
        qq.appSecret = values.string(.qqAppSecret)
        if (qq.appID == nil) != (qq.appSecret == nil) {
            throw ConfigurationError(qq.appID == nil ? .qqAppID : .qqAppSecret,
                                     "is required when \(qq.appID == nil ? "QQ_APP_SECRET" : "QQ_APP_ID") is set")
        }
        qq.apiBase = try values.url(.qqAPIBase) ?? qq.apiBase
        let path = try values.choice(.qqWxPaySignedPath, QQWeChatPayForwarding.SignedPath.allCases.map(\.rawValue))
        qq.signedPath = QQWeChatPayForwarding.SignedPath(rawValue: path) ?? .wechat
        qq.requireSignedAnswers = try values.bool(.qqWxPaySignedAnswers)
        qq.forwarderNotifyURL = try values.url(.qqWxPayNotifyURL) ?? qq.forwarderNotifyURL
        qq.referer = try values.url(.qqWxPayReferer) ?? publicURL
        return qq
    }

    static func loadQPay(_ values: SettingValues, qq: QQSettings) throws(ConfigurationError) -> QPaySettings {
        var pay = QPaySettings()
        pay.merchantID = values.string(.qpayMchID)
        if let id = pay.merchantID, !(1...32).contains(id.utf8.count) || !id.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            throw ConfigurationError(.qpayMchID, "must be the numeric QQ Wallet merchant id, got \"\(id)\"")
        }
        if let key = values.string(.qpayAPIKey) {
            guard key.utf8.count == 32, key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw ConfigurationError(.qpayAPIKey, "must be 32 printable characters, got \(key.utf8.count)")
            }
            pay.apiKey = key
        }
        pay.apiBase = try values.url(.qpayAPIBase) ?? pay.apiBase
        if (pay.merchantID == nil) != (pay.apiKey == nil) {
            throw ConfigurationError(pay.merchantID == nil ? .qpayMchID : .qpayAPIKey, "is required when any QPAY_* setting is given")
        }
        let certificate = try values.readableFile(.qpayCert)
        let key = try values.readableFile(.qpayKey)
        let refunds: [(Setting, String?)] = [(.qpayCert, certificate), (.qpayKey, key), (.qpayOpUserID, values.string(.qpayOpUserID)),
                                              (.qpayOpUserPasswd, values.string(.qpayOpUserPasswd))]
        if refunds.contains(where: { $0.1 != nil }) {
            if let missing = refunds.first(where: { $0.1 == nil }) {
                throw ConfigurationError(missing.0, "is required when any QQ Wallet refund setting is given")
            }
            guard pay.isConfigured else { throw ConfigurationError(.qpayMchID, "is required when QQ Wallet refunds are configured") }
            pay.refunds = QPayConfiguration.RefundCredentials(certificatePath: certificate ?? "", keyPath: key ?? "",
                                                              operatorID: refunds[2].1 ?? "", operatorPassword: refunds[3].1 ?? "")
        }
        if pay.isConfigured && qq.appID == nil {
            throw ConfigurationError(.qqAppID, "is required when QPAY_* is set (QQ Wallet orders are for the mini program)")
        }
        return pay
    }
}
