import CheckoutCore
import Testing

/// Token buckets on an injected clock: burst, steady refill, Retry-After, per key, bounded.
@Suite struct TokenBucketLimiterTests {
    @Test func burst_IsAllowedThenLimitedWithRetryAfter() {
        let clock = ManualClock()
        let limiter = TokenBucketLimiter(policy: RateLimitPolicy(burst: 3, perSecond: 2), clock: clock)
        #expect((0..<3).map { _ in limiter.take("1.2.3.4") } == [.allowed, .allowed, .allowed])
        #expect(limiter.take("1.2.3.4") == .limited(retryAfterSeconds: 1))
        #expect(limiter.take("5.6.7.8") == .allowed)  // another address has its own bucket
    }

    @Test func tokens_RefillAtTheRateUpToTheBurst() {
        let clock = ManualClock()
        let limiter = TokenBucketLimiter(policy: RateLimitPolicy(burst: 5, perSecond: 2), clock: clock)
        for _ in 0..<5 { _ = limiter.take("a") }
        #expect(limiter.take("a") != .allowed)
        clock.advance(seconds: 1)  // two tokens back
        #expect(limiter.take("a") == .allowed)
        #expect(limiter.take("a") == .allowed)
        #expect(limiter.take("a") != .allowed)
        clock.advance(seconds: 3600)  // never more than the burst
        #expect((0..<6).filter { _ in limiter.take("a") == .allowed }.count == 5)
    }

    @Test func retryAfter_GrowsWithASlowRate() {
        let clock = ManualClock()
        let limiter = TokenBucketLimiter(policy: RateLimitPolicy(burst: 1, perSecond: 0.25), clock: clock)
        #expect(limiter.take("k") == .allowed)
        #expect(limiter.take("k") == .limited(retryAfterSeconds: 4))
    }

    @Test func manyClients_DoNotGrowTheTableWithoutBound() {
        let clock = ManualClock()
        let limiter = TokenBucketLimiter(policy: RateLimitPolicy(burst: 2, perSecond: 1, maxKeys: 10), clock: clock)
        for i in 0..<1_000 { #expect(limiter.take("client-\(i)") == .allowed) }
        // A limited client stays limited while others come and go within the bound.
        _ = limiter.take("hot"); _ = limiter.take("hot")
        #expect(limiter.take("hot") != .allowed)
    }
}
