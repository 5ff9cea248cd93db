import CheckoutThreads

/// A value (typically a closure) set once in a while and read from any thread.
///
/// Use it instead of `Locked<Closure?>` or `Locked<(Closure?, …)>`: in Swift 6.3 every
/// `withLock { $0 }` on such a mutex passes the stored closure through the generic `inout` and
/// stores it back wrapped in two more reabstraction thunks, so each read makes the next call
/// one level deeper. An order hook read once per order reached 1,000 levels (180k instructions
/// an order) after 1,800 orders, and would overflow the stack after enough of them. Here the
/// closure sits in a class instance; only the reference goes through the mutex.
public final class LockedReference<Value: Sendable>: Sendable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private let box: Locked<Box?>

    /// Starts with `value` (nil: unset).
    public init(_ value: Value? = nil) {
        box = Locked(value.map(Box.init))
    }

    /// The current value, nil when unset.
    public var value: Value? { box.withLock { $0 }?.value }

    /// Replaces the value (nil unsets it).
    public func set(_ value: Value?) {
        let replacement = value.map(Box.init)
        box.withLock { $0 = replacement }
    }
}
