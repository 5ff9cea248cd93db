import CheckoutCore
import CheckoutThreads

/// The PostgreSQL database of the checkout: the connection pool and the observers that run
/// inside ledger transactions. Every store of this module runs through `read`/`write` here,
/// which turn `PostgresError` into the domain's `StorageError`.
///
/// Any number of processes may open the same database: correctness between them rests on the
/// database (guarded updates, row locks, unique constraints, `SKIP LOCKED` claims), never on
/// process-local state.
public struct PostgresStorage: Sendable {
    public let pool: PostgresPool
    /// Code that runs inside the transaction of each `LedgerEvent` (stats roll-ups, NOTIFY).
    public let ledgerObservers = PostgresLedgerObservers()
    /// Run by `close()` before the pool closes (listeners started on this database).
    private let closers = Closers()

    public init(pool: PostgresPool) {
        self.pool = pool
        // Shares first: placement credits the order's sharer, which rewards read at payment.
        ledgerObservers.add(PostgresShareLedger.observe)
        ledgerObservers.add { db, event in try PostgresRewardLedger.observe(db, event, ids: RandomIDGenerator()) }
    }

    /// Connects to `configuration` (failing at once when the server is unreachable), applies
    /// pending migrations and returns the storage.
    /// - Throws: `PostgresError` (`.unavailable`), or `PostgresMigrationError` for a newer schema.
    public static func open(_ configuration: PostgresConfiguration, connections: Int = 8) throws -> PostgresStorage {
        let pool = PostgresPool(configuration: configuration, size: connections)
        do {
            try pool.checkConnection()
            _ = try PostgresSchema.migrator.migrate(pool)
            return PostgresStorage(pool: pool)
        } catch {
            pool.close()
            throw error
        }
    }

    /// Every store of the checkout on this database.
    public var stores: CheckoutStores {
        CheckoutStores(shops: PostgresShopStore(self), products: PostgresProductStore(self),
                       sessions: PostgresSessionStore(self), carts: PostgresCartStore(self),
                       orders: PostgresOrderStore(self), idempotency: PostgresIdempotencyStore(self),
                       payments: PostgresPaymentStore(self), shares: PostgresShareStore(self), rewards: PostgresRewardStore(self), health: self)
    }

    /// Starts the live bus between the replicas of this database (`PostgresShareEventBus`);
    /// `close()` stops it.
    public func startShareEventBus() -> PostgresShareEventBus {
        let bus = PostgresShareEventBus(pool: pool)
        closers.list.withLock { $0.append(bus.close) }
        return bus
    }

    /// One transaction (retried whole on deadlock or serialization failure), errors translated.
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await translated { try await pool.transaction(body) }
    }

    /// One read-only transaction (one snapshot for all its queries), errors translated.
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await translated {
            try await pool.withConnection { connection in
                try connection.executeScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                defer { if connection.isInTransaction && !connection.isBroken { try? connection.executeScript("COMMIT") } }
                return try body(connection)
            }
        }
    }

    /// Reads outside any transaction: each statement is its own snapshot, and one round trip does
    /// what BEGIN, the query and COMMIT did in three. Only for a body of one statement, or whose
    /// statements read facts that never change once written (a shop's existence, a page cursor's
    /// sort key); anything else needs `read`'s one snapshot.
    func readAutocommit<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await translated { try await pool.withConnection(body) }
    }

    private func translated<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError {
            throw error.storageError
        }
    }
}

extension PostgresStorage: StoreHealth {
    public func checkReady() async throws {
        _ = try await write { connection in try connection.query("SELECT 1") }
    }

    /// Lets queued queries finish and closes every connection.
    public func close() {
        for close in closers.list.withLock({ closers in defer { closers = [] }; return closers }) { close() }
        pool.close()
    }
}

/// What `PostgresStorage.close()` runs first, shared by every copy of the storage.
private final class Closers: Sendable {
    let list = Locked<[@Sendable () -> Void]>([])
}
