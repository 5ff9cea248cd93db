import CheckoutThreads

/// A clock that moves only when told to; for tests.
public final class ManualClock: Clock {
    private let current: Locked<Timestamp>

    /// - Parameter start: the initial time (default 2026-11-24T10:00:00Z).
    public init(_ start: Timestamp = Timestamp(seconds: 1_795_514_400)) {
        current = Locked(start)
    }

    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock forward (or back, with a negative value).
    public func advance(seconds: Int64) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }

    public func set(_ time: Timestamp) {
        current.withLock { $0 = time }
    }
}
