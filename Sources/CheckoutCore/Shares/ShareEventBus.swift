import CheckoutThreads

/// Carries committed `ShareEvent`s to whoever streams them. The in-process bus below serves one
/// replica; a bus over PostgreSQL `LISTEN/NOTIFY` can carry them between replicas instead.
public protocol ShareEventBus: Sendable {
    /// Hands `event` to every receiver (after its transaction committed).
    func publish(_ event: ShareEvent)
    /// Adds a receiver of every event published from now on.
    func addReceiver(_ receiver: @escaping @Sendable (ShareEvent) -> Void)
}

/// The process-local bus: receivers are called synchronously on the publisher's thread.
public final class LocalShareEventBus: ShareEventBus {
    private let receivers = Locked<[@Sendable (ShareEvent) -> Void]>([])

    public init() {}

    public func publish(_ event: ShareEvent) {
        for receiver in receivers.withLock({ $0 }) { receiver(event) }
    }

    public func addReceiver(_ receiver: @escaping @Sendable (ShareEvent) -> Void) {
        receivers.withLock { $0.append(receiver) }
    }
}
