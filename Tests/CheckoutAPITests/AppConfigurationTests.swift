import CheckoutAPI
import CheckoutHTTP
import Testing

/// Settings: defaults, flags over environment, and one clear error naming a bad value.
@Suite struct AppConfigurationTests {
    func load(_ environment: [String: String], flags: [String: String] = [:]) throws(ConfigurationError) -> AppConfiguration {
        try AppConfiguration.load(SettingValues(environment: environment, overrides: flags))
    }

    @Test func defaults_MatchTheContract() throws {
        let config = try load([:])
        #expect(config.server.host == "127.0.0.1")
        #expect(config.server.httpPort == 8080)
        #expect(config.server.httpsPort == nil) // no certificate
        #expect(config.databasePath == "data/checkout.sqlite")
        #expect(config.publicURL == "http://127.0.0.1:8080")
        #expect(config.orderTTLSeconds == 900)
        #expect(!config.sandbox)
        #expect(config.adminToken == nil)
    }

    @Test func flag_WinsOverEnvironment() throws {
        let config = try load(["CHECKOUT_HTTP_PORT": "9000"], flags: ["CHECKOUT_HTTP_PORT": "9001"])
        #expect(config.server.httpPort == 9001)
    }

    @Test(arguments: [
        ("CHECKOUT_HTTP_PORT", "65536"), ("CHECKOUT_HTTP_PORT", "x"), ("CHECKOUT_HTTPS_PORT", "-1"),
        ("CHECKOUT_BIND", "example.com"), ("CHECKOUT_ORDER_TTL", "0"), ("CHECKOUT_SANDBOX", "2"),
        ("CHECKOUT_LOG_LEVEL", "verbose"), ("CHECKOUT_LOG_FORMAT", "xml"), ("CHECKOUT_PUBLIC_URL", "ftp://x"),
        ("CHECKOUT_ADMIN_TOKEN", "short"), ("CHECKOUT_TLS_CERT", "/nonexistent.pem"),
        ("WECHATPAY_APIV3_KEY", "0123456789"), ("WECHATPAY_MCH_ID", "1900000001"), ("CHECKOUT_METRICS_PORT", "0"),
        ("CHECKOUT_MAX_CONNECTIONS", "0"), ("CHECKOUT_IDLE_TIMEOUT_MS", "1"),
    ])
    func malformedValue_IsRefusedNamingTheSetting(variable: String, value: String) {
        do {
            _ = try load([variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch {
            #expect(error.description.contains(variable) || error.setting.hasPrefix("WECHATPAY_"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func plainPortZero_WithoutTLS_IsRefused() {
        #expect(throws: ConfigurationError.self) { try load(["CHECKOUT_HTTP_PORT": "0"]) }
    }
}
