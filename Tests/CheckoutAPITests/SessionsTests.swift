import CheckoutAPI
import CheckoutCore
import CheckoutSQLite
import CheckoutStoreSQLite
import CheckoutTesting
import CheckoutThreads
import Foundation
import Logging
import Testing

/// `POST /v1/sessions` (sandbox and WeChat code2session) and `DELETE /v1/sessions/current`.
@Suite(.serialized) struct SessionsTests {
    @Test(arguments: InProcessApp.Mode.allCases)
    func sandboxLogin_Answers201WithATokenThatWorks(mode: InProcessApp.Mode) async throws {
        try await withApp(mode) { client in
            let response = try await client.post("/v1/sessions", json: #"{"platform":"sandbox","code":"o-123"}"#)
            #expect(response.status == 201)
            let token = try #require(response.json["token"] as? String)
            #expect(token.hasPrefix("sess_"))
            let user = try #require(response.json["user"] as? [String: Any])
            #expect((user["id"] as? String)?.hasPrefix("usr_") == true)
            #expect(user["platform"] as? String == "sandbox")
            #expect(user["openid"] as? String == "o-123")
            #expect(response.json["expires_at"] as? String == "2026-12-01T10:00:00Z")
            let orders = try await client.get("/v1/orders", headers: CommerceFixture.bearer(token))
            #expect(orders.status == 200)
        }
    }

    @Test func sameOpenID_IsTheSameUser_WithANewToken() async throws {
        try await withApp { client in
            let body = #"{"platform":"sandbox","code":"same","shop_id":null}"#
            let first = try await client.post("/v1/sessions", json: body)
            let second = try await client.post("/v1/sessions", json: body)
            #expect((first.json["user"] as? [String: Any])?["id"] as? String
                == (second.json["user"] as? [String: Any])?["id"] as? String)
            #expect(first.json["token"] as? String != second.json["token"] as? String)
        }
    }

    @Test func sandboxLogin_WithoutSandboxMode_Is400OnPlatform() async throws {
        let app = try await InProcessApp.make(configure: { $0.sandbox = false })
        defer { app.close() }
        let response = try await app.test(.inProcess) { client in
            try await client.post("/v1/sessions", json: #"{"platform":"sandbox","code":"o-1"}"#)
        }
        #expect(response.status == 400)
        #expect(response.errorCode == "invalid_request")
        #expect(response.errorParam == "platform")
        #expect(try await Self.userCount(app) == 0)
    }

    @Test(arguments: [
        (#"{"code":"x"}"#, "platform"), (#"{"platform":"sandbox"}"#, "code"), (#"{"platform":"line","code":"x"}"#, "platform"),
        (#"{"platform":1,"code":"x"}"#, "platform"), (#"{"platform":"sandbox","code":12}"#, "code"),
        (#"{"platform":"sandbox","code":""}"#, "code"), (#"{"platform":"sandbox","code":"has space"}"#, "code"),
        (#"{"platform":"sandbox","code":"x","shop_id":"shop_unknown"}"#, "shop_id"),
        (#"{"platform":"sandbox","code":"x","shop_id":5}"#, "shop_id"),
    ])
    func login_RefusesBadInputNamingTheField(body: String, param: String) async throws {
        let app = try await InProcessApp.make()
        defer { app.close() }
        let response = try await app.test(.inProcess) { client in try await client.post("/v1/sessions", json: body) }
        #expect(response.status == 400, "\(response.text)")
        #expect(response.errorParam == param)
        #expect(try await Self.userCount(app) == 0)
    }

    @Test func login_WithAKnownShopID_Works() async throws {
        try await withApp { client in
            let shop = try await CommerceFixture(client).createShop()
            let response = try await client.post("/v1/sessions", json: #"{"platform":"sandbox","code":"x","shop_id":"\#(shop.id)"}"#)
            #expect(response.status == 201)
        }
    }

    @Test func wechatLogin_NotConfigured_Is400OnPlatform() async throws {
        let response = try await withApp { client in
            try await client.post("/v1/sessions", json: #"{"platform":"wechat","code":"abc"}"#)
        }
        #expect(response.status == 400)
        #expect(response.errorParam == "platform")
    }

    // MARK: code2session against the fake platform

    static func wechatApp(_ base: String, _ platform: FakeWeChatPlatform?, timeout: Duration = .seconds(10)) async throws -> InProcessApp {
        let logger = Logger(label: "wechat-test") { SwiftLogNoOpLogHandler($0) }
        let login = JSCode2SessionClient(appID: platform?.appID ?? "wx-test-app", appSecret: platform?.appSecret ?? "s",
                                      apiBase: base, timeout: timeout, logger: logger)
        return try await InProcessApp.make(configure: { $0.sandbox = false }, shopperLogin: login)
    }

    /// Stops the fake platform on a thread of its own: its shutdown waits for held requests,
    /// whose handlers need the cooperative pool this test runs on.
    static func stopOffPool(_ platform: FakeWeChatPlatform) {
        SystemThread(name: "test-stopper") { platform.stop() }.detach()
    }

    static func userCount(_ app: InProcessApp) async throws -> Int {
        try await app.sqlite.readers.read { db in try db.queryOne("SELECT count(*) AS n FROM users")!.int("n") }
    }

    @Test(arguments: InProcessApp.Mode.allCases)
    func wechatLogin_ExchangesTheCodeForTheOpenID(mode: InProcessApp.Mode) async throws {
        let platform = try FakeWeChatPlatform()
        defer { Self.stopOffPool(platform) }
        let app = try await Self.wechatApp(platform.baseURL, platform)
        defer { app.close() }
        let response = try await app.test(mode) { client in
            try await client.post("/v1/sessions", json: #"{"platform":"wechat","code":"wx-code-1"}"#)
        }
        #expect(response.status == 201)
        let user = try #require(response.json["user"] as? [String: Any])
        #expect(user["openid"] as? String == "openid-wx-code-1")
        #expect(user["platform"] as? String == "wechat")
        #expect(platform.receivedCodes == ["wx-code-1"])
    }

    @Test(arguments: [("invalid-code", 401, "unauthenticated"), ("busy-1", 503, "unavailable"),
                      ("garbage-1", 502, "bad_gateway"), ("http500-1", 502, "bad_gateway")])
    func wechatLogin_PlatformRefusalsAndFailures_MakeNoSession(code: String, status: Int, errorCode: String) async throws {
        let platform = try FakeWeChatPlatform()
        defer { Self.stopOffPool(platform) }
        let app = try await Self.wechatApp(platform.baseURL, platform)
        defer { app.close() }
        let response = try await app.test(.inProcess) { client in
            try await client.post("/v1/sessions", json: #"{"platform":"wechat","code":"\#(code)"}"#)
        }
        #expect(response.status == status)
        #expect(response.errorCode == errorCode)
        #expect(response.json["token"] == nil)
        #expect(try await Self.userCount(app) == 0)
    }

    @Test func wechatLogin_PlatformDown_Is502AndMakesNoSession() async throws {
        let app = try await Self.wechatApp(FakeWeChatPlatform.unreachableBaseURL(), nil)
        defer { app.close() }
        let response = try await app.test(.inProcess) { client in
            try await client.post("/v1/sessions", json: #"{"platform":"wechat","code":"abc"}"#)
        }
        #expect(response.status == 502)
        #expect(response.errorCode == "bad_gateway")
        #expect(try await Self.userCount(app) == 0)
    }

    @Test func wechatLogin_PlatformSlow_Is503AndMakesNoSession() async throws {
        let platform = try FakeWeChatPlatform()
        defer { Self.stopOffPool(platform) }
        let app = try await Self.wechatApp(platform.baseURL, platform, timeout: .milliseconds(500))
        defer { app.close() }
        let response = try await app.test(.inProcess) { client in
            try await client.post("/v1/sessions", json: #"{"platform":"wechat","code":"slow-1"}"#)
        }
        #expect(response.status == 503)
        #expect(response.errorCode == "unavailable")
        #expect(try await Self.userCount(app) == 0)
    }

    // MARK: Logout

    @Test(arguments: InProcessApp.Mode.allCases)
    func deleteCurrentSession_RevokesTheToken(mode: InProcessApp.Mode) async throws {
        try await withApp(mode) { client in
            let fixture = CommerceFixture(client)
            let token = try await fixture.login()
            let other = try await fixture.login()
            let response = try await client.delete("/v1/sessions/current", headers: CommerceFixture.bearer(token))
            #expect(response.status == 204)
            #expect(response.body.isEmpty)
            let after = try await client.get("/v1/orders", headers: CommerceFixture.bearer(token))
            #expect(after.status == 401)
            #expect(try await client.delete("/v1/sessions/current", headers: CommerceFixture.bearer(token)).status == 401)
            #expect(try await client.get("/v1/orders", headers: CommerceFixture.bearer(other)).status == 200)
        }
    }

    @Test func deleteCurrentSession_IsForShoppersOnly() async throws {
        try await withApp { client in
            let fixture = CommerceFixture(client)
            let shop = try await fixture.createShop()
            #expect(try await client.delete("/v1/sessions/current").status == 401)
            #expect(try await client.delete("/v1/sessions/current", headers: shop.auth).status == 403)
            #expect(try await client.delete("/v1/sessions/current", headers: fixture.admin).status == 403)
        }
    }

    /// A session used once is kept in memory (SQLite's `SessionCache`): it still ends at its expiry.
    @Test func aSessionUsedBefore_StillExpires() async throws {
        try await withApp { app, client in
            let token = try await CommerceFixture(client).login()
            #expect(try await client.get("/v1/orders", headers: CommerceFixture.bearer(token)).status == 200)
            app.clock.advance(seconds: 7 * 86_400 - 1)
            #expect(try await client.get("/v1/orders", headers: CommerceFixture.bearer(token)).status == 200)
            app.clock.advance(seconds: 1)
            #expect(try await client.get("/v1/orders", headers: CommerceFixture.bearer(token)).status == 401)
        }
    }

    @Test func expiredSession_Is401() async throws {
        try await withApp { app, client in
            let token = try await CommerceFixture(client).login()
            app.clock.advance(seconds: 7 * 86_400 + 1)
            let response = try await client.get("/v1/orders", headers: CommerceFixture.bearer(token))
            #expect(response.status == 401)
            #expect(response.errorCode == "unauthenticated")
        }
    }
}
