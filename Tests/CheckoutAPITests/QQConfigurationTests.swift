import CheckoutAPI
import CheckoutQQ
import Testing

/// `QQ_*` and `QPAY_*`: validated at start-up, one line naming the malformed setting.
@Suite struct QQConfigurationTests {
    static let qq = ["QQ_APP_ID": "1110000000", "QQ_APP_SECRET": "s"]
    static let qpay = ["QPAY_MCH_ID": "1900000109", "QPAY_API_KEY": "0123456789abcdef0123456789abcdef"]

    func load(_ environment: [String: String]) throws(ConfigurationError) -> AppConfiguration {
        try AppConfiguration.load(SettingValues(environment: environment))
    }

    @Test func defaults_AndAFullSetting_Load() throws {
        let none = try load([:])
        #expect(!none.qq.isConfigured && !none.qpay.isConfigured)
        #expect(none.qq.apiBase == "https://api.q.qq.com" && none.qpay.apiBase == "https://qpay.qq.com")
        #expect(none.qq.signedPath == .wechat && none.qq.requireSignedAnswers)
        #expect(none.qq.referer == "http://127.0.0.1:8080")
        let full = try load(Self.qq.merging(Self.qpay) { $1 }.merging([
            "QQ_WXPAY_SIGNED_PATH": "forwarder", "QQ_WXPAY_SIGNED_ANSWERS": "0", "QPAY_API_BASE": "http://127.0.0.1:9/",
        ]) { $1 })
        #expect(full.qq.isConfigured && full.qpay.isConfigured)
        #expect(full.qq.signedPath == .forwarder && !full.qq.requireSignedAnswers)
        #expect(full.qpay.apiBase == "http://127.0.0.1:9")
    }

    @Test(arguments: [
        (["QQ_APP_ID": "wx123"], "QQ_APP_ID"),
        (["QQ_APP_ID": "1110000000"], "QQ_APP_SECRET"),
        (["QQ_APP_SECRET": "s"], "QQ_APP_ID"),
        (["QQ_API_BASE": "api.q.qq.com"], "QQ_API_BASE"),
        (["QQ_WXPAY_SIGNED_PATH": "both"], "QQ_WXPAY_SIGNED_PATH"),
        (["QQ_WXPAY_SIGNED_ANSWERS": "maybe"], "QQ_WXPAY_SIGNED_ANSWERS"),
        (qq.merging(["QPAY_MCH_ID": "abc", "QPAY_API_KEY": "0123456789abcdef0123456789abcdef"]) { $1 }, "QPAY_MCH_ID"),
        (qq.merging(["QPAY_MCH_ID": "1900000109", "QPAY_API_KEY": "short"]) { $1 }, "QPAY_API_KEY"),
        (qq.merging(["QPAY_MCH_ID": "1900000109"]) { $1 }, "QPAY_API_KEY"),
        (qpay, "QQ_APP_ID"),
        (qq.merging(qpay) { $1 }.merging(["QPAY_CERT": "/nonexistent.pem"]) { $1 }, "QPAY_CERT"),
        (qq.merging(qpay) { $1 }.merging(["QPAY_OP_USER_ID": "op"]) { $1 }, "QPAY_CERT"),
        (["QQ_WXPAY_NOTIFY_URL": "api.q.qq.com/wxpay/notify"], "QQ_WXPAY_NOTIFY_URL"),
        (["QQ_WXPAY_REFERER": "shop.example"], "QQ_WXPAY_REFERER"),
        (qq.merging(qpay) { $1 }.merging(["QPAY_API_BASE": "qpay.qq.com"]) { $1 }, "QPAY_API_BASE"),
        (qq.merging(qpay) { $1 }.merging(["QPAY_KEY": "/nonexistent.pem"]) { $1 }, "QPAY_KEY"),
    ])
    func malformedOrIncomplete_IsRefusedNamingTheSetting(environment: [String: String], setting: String) {
        do {
            _ = try load(environment)
            Issue.record("\(environment) was accepted")
        } catch {
            #expect(error.setting == setting, "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }
}
