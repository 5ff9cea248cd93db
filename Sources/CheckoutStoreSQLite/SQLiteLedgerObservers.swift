import CheckoutCore
import CheckoutSQLite
import CheckoutThreads

/// Observers of `LedgerEvent`s that run inside the SQLite transaction which commits the event:
/// a throwing observer rolls the whole write back with it. Register them before serving.
///
/// This is how a store of another aggregate (share-link counters, GMV per sharer) keeps its
/// roll-ups in the same transaction as the order or payment that moves them.
public final class SQLiteLedgerObservers: Sendable {
    public typealias Observer = @Sendable (Database, LedgerEvent) throws -> Void

    private let observers = Locked<[Observer]>([])

    public init() {}

    /// Adds `observer`; it runs on the writer thread, so it must only touch `db`.
    public func add(_ observer: @escaping Observer) {
        observers.withLock { $0.append(observer) }
    }

    /// Runs every observer for `event` inside the current write job.
    func emit(_ event: LedgerEvent, _ db: Database) throws {
        for observer in observers.withLock({ $0 }) { try observer(db, event) }
    }
}
