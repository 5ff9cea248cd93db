import CheckoutCore
import Testing
@testable import CheckoutStoreSQLite

/// The session cache is exact: expiry holds, and a read that raced a revocation is not kept.
@Suite struct SessionCacheTests {
    let now = Timestamp(seconds: 1_000)
    let session = ShopperSession(tokenHash: "h1", user: User(id: "usr_1", platform: .sandbox, openid: "o",
                                                              createdAt: Timestamp(seconds: 0)),
                                 expiresAt: Timestamp(seconds: 2_000))

    @Test func aKeptSessionIsFoundUntilItExpires() {
        let cache = SessionCache()
        let miss = cache.lookup("h1", now: now)
        #expect(miss.session == nil)
        cache.keep(session, readAt: miss.generation)
        #expect(cache.lookup("h1", now: now).session == session)
        #expect(cache.lookup("h1", now: Timestamp(seconds: 2_000)).session == nil)
    }

    @Test func aReadThatRacedARevocationIsNotKept() {
        let cache = SessionCache()
        let before = cache.lookup("h1", now: now)
        cache.evict("h1")   // the revocation starts while the read is in flight
        cache.keep(session, readAt: before.generation)
        #expect(cache.lookup("h1", now: now).session == nil)
        let kept = cache.lookup("h1", now: now)
        cache.keep(session, readAt: kept.generation)
        cache.evict("h1")   // and commits
        #expect(cache.lookup("h1", now: now).session == nil)
    }
}
