import CheckoutCore
import CheckoutThreads

/// Observers of `LedgerEvent`s that run inside the PostgreSQL transaction which commits the
/// event: a throwing observer rolls the whole write back with it. Register them before serving.
///
/// The PostgreSQL counterpart of `SQLiteLedgerObservers`; an observer may also `notify` on the
/// connection, which PostgreSQL delivers to every listening replica only if the transaction commits.
public final class PostgresLedgerObservers: Sendable {
    public typealias Observer = @Sendable (PostgresConnection, LedgerEvent) throws -> Void

    private let observers = Locked<[Observer]>([])

    public init() {}

    /// Adds `observer`; it runs on a pool thread, so it must only touch `connection`.
    public func add(_ observer: @escaping Observer) {
        observers.withLock { $0.append(observer) }
    }

    /// Runs every observer for `event` inside the current transaction.
    func emit(_ event: LedgerEvent, _ connection: PostgresConnection) throws {
        for observer in observers.withLock({ $0 }) { try observer(connection, event) }
    }
}
