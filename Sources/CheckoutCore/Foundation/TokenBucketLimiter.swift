import CheckoutThreads

/// How many requests a client address may make: a burst, refilled at a steady rate
/// (bursts of 100, 20 a second — enough for a shop's office behind one address).
public struct RateLimitPolicy: Sendable, Equatable {
    public var burst: Double
    public var perSecond: Double
    /// Buckets kept at most; past it, full buckets (idle clients) are dropped first.
    public var maxKeys: Int

    public init(burst: Double = 100, perSecond: Double = 20, maxKeys: Int = 100_000) {
        self.burst = burst
        self.perSecond = perSecond
        self.maxKeys = maxKeys
    }
}

/// Whether a request may go ahead, or how long the client should wait.
public enum RateLimitDecision: Sendable, Equatable {
    case allowed
    case limited(retryAfterSeconds: Int)
}

/// Token buckets per key (a client address), in process memory behind a small interface so
/// several replicas could share one elsewhere later. Time comes from the injected clock.
public final class TokenBucketLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: Int64
    }

    public let policy: RateLimitPolicy
    private let clock: any Clock
    private let buckets = Locked<[String: Bucket]>([:])

    public init(policy: RateLimitPolicy = RateLimitPolicy(), clock: any Clock = SystemClock()) {
        self.policy = policy
        self.clock = clock
    }

    /// Takes one token for `key`.
    public func take(_ key: String) -> RateLimitDecision {
        let now = clock.now().milliseconds
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: policy.burst, updatedAt: now)
            bucket.tokens = refilled(bucket, now: now)
            bucket.updatedAt = now
            let decision: RateLimitDecision
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                decision = .allowed
            } else {
                let wait = (1 - bucket.tokens) / policy.perSecond
                decision = .limited(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
            }
            if buckets[key] == nil && buckets.count >= policy.maxKeys { evict(&buckets, now: now) }
            buckets[key] = bucket
            return decision
        }
    }

    private func refilled(_ bucket: Bucket, now: Int64) -> Double {
        let elapsed = Double(max(0, now - bucket.updatedAt)) / 1000
        return min(policy.burst, bucket.tokens + elapsed * policy.perSecond)
    }

    /// Drops the buckets that have refilled completely (they hold no memory of a client);
    /// if none have, starts over rather than grow without bound.
    private func evict(_ buckets: inout [String: Bucket], now: Int64) {
        buckets = buckets.filter { refilled($0.value, now: now) < policy.burst }
        if buckets.count >= policy.maxKeys { buckets.removeAll(keepingCapacity: true) }
    }
}
