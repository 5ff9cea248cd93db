import CheckoutThreads

/// Expires unpaid orders when ticked; the app calls `runExpiry()` at least every second from
/// its own timer. Overlapping ticks are skipped, so a slow run never piles up.
public final class OrderExpiryScheduler: Sendable {
    let orders: OrderService
    private let running = Locked(false)
    private let onExpired: @Sendable ([String]) async -> Void

    /// - Parameter onExpired: told the ids cancelled by each run (e.g. to close prepay orders).
    public init(orders: OrderService, onExpired: @escaping @Sendable ([String]) async -> Void = { _ in }) {
        self.orders = orders
        self.onExpired = onExpired
    }

    /// Cancels every order due at `now` (default: the clock's now), unless a run is in progress.
    /// - Returns: the ids cancelled by this run.
    @discardableResult
    public func runExpiry(now: Timestamp? = nil) async throws -> [String] {
        let claimed = running.withLock { busy in
            if busy { return false }
            busy = true
            return true
        }
        guard claimed else { return [] }
        defer { running.withLock { $0 = false } }
        let expired = try await orders.expireDue(now: now)
        if !expired.isEmpty { await onExpired(expired) }
        return expired
    }
}
