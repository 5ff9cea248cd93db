/// Work other parts of the domain must do before an order is cancelled: the payments layer
/// closes the order's prepay at the platform first (and may find it was paid).
public final class OrderHooks: Sendable {
    public typealias BeforeCancel = @Sendable (_ orderID: String) async throws -> Void
    public typealias BeforeExpiry = @Sendable (_ now: Timestamp) async -> Void
    public typealias AfterPlace = @Sendable (_ order: Order) -> Void

    // Not `Locked<Closure?>`: see `LockedReference`.
    private let cancel = LockedReference<BeforeCancel>()
    private let expiry = LockedReference<BeforeExpiry>()
    private let placed = LockedReference<AfterPlace>()

    public init() {}

    /// Runs before a shopper's cancel; throwing stops the cancel with that error.
    public func setBeforeCancel(_ hook: @escaping BeforeCancel) {
        cancel.set(hook)
    }

    /// Runs before each expiry pass with the pass's time.
    public func setBeforeExpiry(_ hook: @escaping BeforeExpiry) {
        expiry.set(hook)
    }

    /// Runs after each new order has committed (live share counters).
    public func setAfterPlace(_ hook: @escaping AfterPlace) {
        placed.set(hook)
    }

    func afterPlace(_ order: Order) {
        placed.value?(order)
    }

    func beforeCancel(_ orderID: String) async throws {
        if let hook = cancel.value { try await hook(orderID) }
    }

    func beforeExpiry(_ now: Timestamp) async {
        if let hook = expiry.value { await hook(now) }
    }
}
