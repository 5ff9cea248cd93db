import CheckoutCore
import CheckoutQQ
import CheckoutThreads
import Testing

@Suite struct QQAccessTokenCacheTests {
    /// Hands out `tok-1`, `tok-2`, … and lets a test hold a fetch until it is released.
    final class Issuer: Sendable {
        let count = Locked(0)
        let gate = Locked<CheckedContinuation<Void, Never>?>(nil)
        let holding: Bool
        init(holding: Bool = false) { self.holding = holding }

        func fetch() async throws -> (token: String, expiresIn: Int64) {
            let n = count.withLock { $0 += 1; return $0 }
            if holding && n == 1 { await withCheckedContinuation { continuation in gate.withLock { $0 = continuation } } }
            return ("tok-\(n)", 7200)
        }

        func release() -> Bool {
            guard let continuation = gate.withLock({ $0.take() }) else { return false }
            continuation.resume()
            return true
        }
    }

    @Test func manyCallersAtOnce_ShareOneFetch() async throws {
        let issuer = Issuer(holding: true)
        let cache = QQAccessTokenCache(clock: ManualClock()) { try await issuer.fetch() }
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.token() } }
            while !issuer.release() { await Task.yield() }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(tokens) == ["tok-1"])
        #expect(cache.fetchCount == 1)
    }

    @Test func aToken_IsReusedUntilTheMarginBeforeExpiry() async throws {
        let clock = ManualClock()
        let issuer = Issuer()
        let cache = QQAccessTokenCache(clock: clock, refreshMargin: 300) { try await issuer.fetch() }
        #expect(try await cache.token() == "tok-1")
        clock.advance(seconds: 7200 - 301)
        #expect(try await cache.token() == "tok-1")
        clock.advance(seconds: 2)
        #expect(try await cache.token() == "tok-2")
        #expect(cache.fetchCount == 2)
    }

    @Test func anInvalidTokenAnswer_RefreshesOnceAndRetries() async throws {
        let issuer = Issuer()
        let cache = QQAccessTokenCache(clock: ManualClock()) { try await issuer.fetch() }
        let seen = Locked<[String]>([])
        let result = try await cache.withToken(isInvalidToken: { ($0 as? QQPlatformError)?.isInvalidToken == true }) { token in
            seen.withLock { $0.append(token) }
            if token == "tok-1" { throw QQPlatformError(.refused, errcode: 40001, "invalid credential") }
            return "ok with \(token)"
        }
        #expect(result == "ok with tok-2")
        #expect(seen.withLock { $0 } == ["tok-1", "tok-2"])
        // A second refusal is not retried again.
        await #expect(throws: QQPlatformError.self) {
            try await cache.withToken(isInvalidToken: { ($0 as? QQPlatformError)?.isInvalidToken == true }) { _ -> String in
                throw QQPlatformError(.refused, errcode: 42001, "expired")
            }
        }
        #expect(cache.fetchCount == 3)
    }

    @Test func aFailedFetch_IsNotCached() async throws {
        let failures = Locked(1)
        let cache = QQAccessTokenCache(clock: ManualClock()) {
            if failures.withLock({ $0 -= 1; return $0 >= 0 }) { throw QQPlatformError(.unreachable, "down") }
            return ("fresh", 7200)
        }
        await #expect(throws: QQPlatformError.self) { try await cache.token() }
        #expect(try await cache.token() == "fresh")
    }

    @Test func invalidatingAReplacedToken_KeepsTheNewOne() async throws {
        let issuer = Issuer()
        let cache = QQAccessTokenCache(clock: ManualClock()) { try await issuer.fetch() }
        let first = try await cache.token()
        cache.invalidate(first)
        let second = try await cache.token()
        cache.invalidate(first)
        #expect(try await cache.token() == second)
        #expect(cache.fetchCount == 2)
    }
}
