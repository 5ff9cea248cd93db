import CheckoutAPI
import CheckoutCore
import CheckoutTesting
import Foundation
import Testing

/// `POST /v1/sessions {platform: "qq"}` against a fake QQ platform.
@Suite struct QQLoginTests {
    static func withApp(apiBase: String? = nil, _ body: (InProcessApp, InProcessClient, FakeQQPlatform) async throws -> Void) async throws {
        let qq = try FakeQQPlatform()
        let app = try InProcessApp(configure: { c in
            c.qq.appID = qq.appID
            c.qq.appSecret = qq.appSecret
            c.qq.apiBase = apiBase ?? qq.baseURL
        })
        defer { app.close() }
        try await body(app, InProcessClient(responder: app.app.responder), qq)
    }

    @Test func aQQCode_MakesAQQShopperDistinctFromAWeChatOne() async throws {
        try await Self.withApp { app, client, _ in
            let wechat = try await app.app.services.sessions.createSession(platform: .wechat, openid: "qq-openid-c1")
            let response = try await client.post("/v1/sessions", json: #"{"platform":"qq","code":"c1"}"#)
            #expect(response.status == 201, "\(response.text)")
            let user = try #require(response.json["user"] as? [String: Any])
            #expect(user["platform"] as? String == "qq")
            #expect(user["openid"] as? String == "qq-openid-c1")
            #expect(user["id"] as? String != wechat.user.id)
        }
    }

    /// A reused or invalid code, QQ busy, garbage, a 500, and a QQ that answers past the login
    /// deadline (5 s): never a session.
    @Test(arguments: [("c-reused", 401), ("invalid-1", 401), ("busy-1", 503), ("garbage-1", 502), ("http500-1", 502),
                      ("slow-1", 503)])
    func refusalsAndFailures_MakeNoSession(code: String, status: Int) async throws {
        try await Self.withApp { _, client, _ in
            if code == "c-reused" { _ = try await client.post("/v1/sessions", json: #"{"platform":"qq","code":"c-reused"}"#) }
            let response = try await client.post("/v1/sessions", json: #"{"platform":"qq","code":"\#(code)"}"#)
            #expect(response.status == status, "\(code): \(response.text)")
            #expect(response.json["token"] == nil)
        }
    }

    @Test func qqsRateLimit_Is503WithRetryAfter() async throws {
        try await Self.withApp { _, client, _ in
            let response = try await client.post("/v1/sessions", json: #"{"platform":"qq","code":"limited-1"}"#)
            #expect(response.status == 503)
            #expect(response.header("Retry-After") == "60")
            #expect(response.errorCode == "unavailable")
        }
    }

    @Test func anUnreachablePlatform_Is502() async throws {
        try await Self.withApp(apiBase: FakeWeChatPlatform.unreachableBaseURL()) { _, client, _ in
            let response = try await client.post("/v1/sessions", json: #"{"platform":"qq","code":"c2"}"#)
            #expect(response.status == 502)
        }
    }
}
