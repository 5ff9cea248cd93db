import CheckoutAPI
import CheckoutCore
import CheckoutTesting
import Testing

/// code2session against a local fake platform: success, refusals, down, slow, garbage.
@Suite struct JSCode2SessionClientTests {
    static func client(_ base: String, _ platform: FakeWeChatPlatform? = nil, logs: LogCapture = LogCapture(),
                       secret: String? = nil, timeout: Duration = .seconds(10)) -> JSCode2SessionClient {
        JSCode2SessionClient(appID: platform?.appID ?? "wx-test-app", appSecret: secret ?? platform?.appSecret ?? "s",
                          apiBase: base, timeout: timeout, logger: logs.logger)
    }

    func expectError(_ code: ErrorCode, _ body: () async throws -> String) async {
        do {
            let openid = try await body()
            Issue.record("expected \(code), got openid \(openid)")
        } catch let error as CheckoutError {
            #expect(error.code == code, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func validCode_ReturnsTheOpenID() async throws {
        let platform = try FakeWeChatPlatform()
        defer { platform.stop() }
        let openid = try await Self.client(platform.baseURL, platform).openid(forCode: "abc123")
        #expect(openid == "openid-abc123")
        #expect(platform.receivedCodes == ["abc123"])
    }

    @Test func codeWithReservedCharacters_IsEscapedInTheQuery() async throws {
        let platform = try FakeWeChatPlatform()
        defer { platform.stop() }
        let openid = try await Self.client(platform.baseURL, platform).openid(forCode: "a+b&c=d")
        #expect(openid == "openid-a+b&c=d")
    }

    @Test func refusedCode_IsUnauthenticated() async throws {
        let platform = try FakeWeChatPlatform()
        defer { platform.stop() }
        await expectError(.unauthenticated) { try await Self.client(platform.baseURL, platform).openid(forCode: "invalid-1") }
    }

    @Test func wrongSecret_IsUnauthenticated() async throws {
        let platform = try FakeWeChatPlatform()
        defer { platform.stop() }
        await expectError(.unauthenticated) {
            try await Self.client(platform.baseURL, platform, secret: "other").openid(forCode: "abc")
        }
    }

    @Test func busyPlatform_IsUnavailable() async throws {
        let platform = try FakeWeChatPlatform()
        defer { platform.stop() }
        await expectError(.unavailable) { try await Self.client(platform.baseURL, platform).openid(forCode: "busy") }
    }

    @Test(arguments: ["garbage", "http500"])
    func unreadableAnswer_IsBadGateway(code: String) async throws {
        let platform = try FakeWeChatPlatform()
        defer { platform.stop() }
        await expectError(.badGateway) { try await Self.client(platform.baseURL, platform).openid(forCode: code) }
    }

    @Test func platformDown_IsBadGateway() async throws {
        await expectError(.badGateway) {
            try await Self.client(FakeWeChatPlatform.unreachableBaseURL()).openid(forCode: "abc")
        }
    }

    @Test func slowPlatform_IsUnavailableAfterTheTimeout() async throws {
        let platform = try FakeWeChatPlatform()
        defer { platform.stop() }
        await expectError(.unavailable) {
            try await Self.client(platform.baseURL, platform, timeout: .milliseconds(500)).openid(forCode: "slow")
        }
    }

    @Test(arguments: ["", "has space", String(repeating: "c", count: 129)])
    func malformedCode_Is400NamingCode_WithoutCallingThePlatform(code: String) async throws {
        let platform = try FakeWeChatPlatform()
        defer { platform.stop() }
        await expectError(.invalidRequest) { try await Self.client(platform.baseURL, platform).openid(forCode: code) }
        #expect(platform.receivedCodes.isEmpty)
    }

    @Test func secret_NeverReachesTheLog() async throws {
        let platform = try FakeWeChatPlatform()
        defer { platform.stop() }
        let logs = LogCapture()
        for code in ["ok", "invalid", "busy", "garbage", "http500", "slow"] {
            _ = try? await Self.client(platform.baseURL, platform, logs: logs, timeout: code == "slow" ? .milliseconds(500) : .seconds(10))
                .openid(forCode: code)
        }
        _ = try? await Self.client(FakeWeChatPlatform.unreachableBaseURL(), platform, logs: logs).openid(forCode: "x")
        #expect(!logs.all.isEmpty)
        #expect(!logs.all.contains { $0.line.contains(platform.appSecret) })
    }
}
