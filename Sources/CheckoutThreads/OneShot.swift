/// A value set once by one thread and awaited by another (blocking).
public final class OneShot<Value: Sendable>: @unchecked Sendable {
    private let lock = ConditionLock()
    private var value: Value?

    public init() {}

    /// Sets the value and wakes every waiter.
    public func set(_ newValue: Value) {
        lock.withLock { value = newValue }
        lock.broadcast()
    }

    /// Blocks until the value is set; returns it.
    public func wait() -> Value {
        lock.lock()
        defer { lock.unlock() }
        while value == nil { lock.wait() }
        return value!
    }
}
