import Synchronization

/// Work other parts of the domain must do before an order is cancelled: the payments layer
/// closes the order's prepay at the platform first (and may find it was paid).
public final class OrderHooks: Sendable {
    public typealias BeforeCancel = @Sendable (_ orderID: String) async throws -> Void
    public typealias BeforeExpiry = @Sendable (_ now: Timestamp) async -> Void
    public typealias AfterPlace = @Sendable (_ order: Order) -> Void

    // Boxed: a closure as a Mutex value grows by two thunks per read (see LockedFunction).
    private let hooks = Mutex<(cancel: LockedFunction<BeforeCancel>?, expiry: LockedFunction<BeforeExpiry>?)>((nil, nil))
    private let placed = Mutex<LockedFunction<AfterPlace>?>(nil)

    public init() {}

    /// Runs before a shopper's cancel; throwing stops the cancel with that error.
    public func setBeforeCancel(_ hook: @escaping BeforeCancel) {
        hooks.withLock { $0.cancel = LockedFunction(hook) }
    }

    /// Runs before each expiry pass with the pass's time.
    public func setBeforeExpiry(_ hook: @escaping BeforeExpiry) {
        hooks.withLock { $0.expiry = LockedFunction(hook) }
    }

    /// Runs after each new order has committed (live share counters).
    public func setAfterPlace(_ hook: @escaping AfterPlace) {
        placed.withLock { $0 = LockedFunction(hook) }
    }

    func afterPlace(_ order: Order) {
        placed.withLock { $0 }?.call(order)
    }

    func beforeCancel(_ orderID: String) async throws {
        if let hook = hooks.withLock({ $0.cancel }) { try await hook.call(orderID) }
    }

    func beforeExpiry(_ now: Timestamp) async {
        if let hook = hooks.withLock({ $0.expiry }) { await hook.call(now) }
    }
}
