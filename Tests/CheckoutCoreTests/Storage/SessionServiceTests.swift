import CheckoutStoreSQLite
import CheckoutSQLite
import Testing
@testable import CheckoutCore

@Suite struct SessionServiceTests {
    @Test func theSameOpenIDIsTheSameUserPerPlatform() async throws {
        try await TestEnvironment.with { env in
            let first = try await env.services.sessions.createSession(platform: .wechat, openid: "o-123")
            let second = try await env.services.sessions.createSession(platform: .wechat, openid: "o-123")
            let sandbox = try await env.services.sessions.createSession(platform: .sandbox, openid: "o-123")
            #expect(first.user == second.user)
            #expect(first.token != second.token)
            #expect(sandbox.user.id != first.user.id)
            #expect(first.user.id.hasPrefix("usr_"))
            #expect(first.expiresAt == env.clock.now().adding(seconds: 7 * 86_400))
        }
    }

    @Test func aTokenAuthenticatesUntilItExpires() async throws {
        try await TestEnvironment.with { env in
            let created = try await env.services.sessions.createSession(platform: .sandbox, openid: "o")
            #expect(try await env.services.sessions.authenticate(token: created.token)?.user == created.user)
            env.clock.advance(seconds: 7 * 86_400 - 1)
            #expect(try await env.services.sessions.authenticate(token: created.token) != nil)
            env.clock.advance(seconds: 1)
            #expect(try await env.services.sessions.authenticate(token: created.token) == nil)
        }
    }

    @Test func aRevokedTokenNoLongerAuthenticates() async throws {
        try await TestEnvironment.with { env in
            let created = try await env.services.sessions.createSession(platform: .sandbox, openid: "o")
            let session = try #require(try await env.services.sessions.authenticate(token: created.token))
            #expect(try await env.services.sessions.revoke(session))
            #expect(try await env.services.sessions.authenticate(token: created.token) == nil)
            #expect(try await env.services.sessions.revoke(session) == false)
        }
    }

    @Test func unknownOrMalformedTokensDoNotAuthenticate() async throws {
        try await TestEnvironment.with { env in
            let created = try await env.services.sessions.createSession(platform: .sandbox, openid: "o")
            for token in ["", "sess_", created.token + "x", "sk_" + created.token.dropFirst(5), String(created.token.dropLast())] {
                #expect(try await env.services.sessions.authenticate(token: token) == nil)
            }
        }
    }

    @Test func tokensAreStoredOnlyAsHashes() async throws {
        try await TestEnvironment.with { env in
            let created = try await env.services.sessions.createSession(platform: .sandbox, openid: "o")
            let hashes = try await env.storage.readers.read { db in
                try db.query("SELECT token_hash FROM sessions").map { try $0.string("token_hash") }
            }
            #expect(hashes == [SecretToken.hash(created.token)])
        }
    }

    @Test func endedSessionsArePurgedADayLater() async throws {
        try await TestEnvironment.with { env in
            let short = try await env.services.sessions.createSession(platform: .sandbox, openid: "a")
            let live = try await env.services.sessions.createSession(platform: .sandbox, openid: "b")
            let revoked = try #require(try await env.services.sessions.authenticate(token: short.token))
            try await env.services.sessions.revoke(revoked)
            env.clock.advance(seconds: 86_400)
            #expect(try await env.services.sessions.purgeEnded() == 1)
            #expect(try await env.services.sessions.authenticate(token: live.token) != nil)
        }
    }

    @Test(arguments: ["", String(repeating: "o", count: 129), "has space", "tab\t"])
    func malformedOpenIDsAreInvalidRequest(openid: String) async throws {
        try await TestEnvironment.with { env in
            let error = await checkoutError { try await env.services.sessions.createSession(platform: .sandbox, openid: openid) }
            #expect(error?.code == .invalidRequest)
        }
    }
}
