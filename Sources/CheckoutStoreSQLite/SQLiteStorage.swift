import CheckoutCore
import CheckoutSQLite

/// The SQLite database of the checkout: the single writer, the reader pool and the observers
/// that run inside ledger transactions. Every store of this module runs its jobs through
/// `read`/`write` here, which turn `DatabaseError` into the domain's `StorageError`.
public struct SQLiteStorage: Sendable {
    public let writer: DatabaseWriter
    public let readers: DatabaseReaderPool
    /// Connections for reads answered on an event loop, one per loop (see `DatabaseLanes`).
    public let lanes: DatabaseLanes
    /// Code that runs inside the transaction of each `LedgerEvent` (stats roll-ups).
    public let ledgerObservers = SQLiteLedgerObservers()
    /// Share clicks waiting for the writer, recorded together by one job (group commit): each
    /// click's visitor row, and the counters of all of them once per link, stats cell and
    /// trending row (`ClickBatch`); a click is answered after the COMMIT that holds it.
    let clickBatcher = WriteBatcher<ShareClick, (link: ShareLink, outcome: ClickRule.Outcome)?>(
        body: ClickBatch.record)
    /// One-product orders wait here while orders in flight hold the stock (docs/006-stock-gate.md).
    public let stockGate: StockGate
    /// Live sessions by token hash (the bearer check of every shopper request).
    let sessionCache = SessionCache()
    /// Shop currencies read by order placements (one read per shop, not per order).
    let shopCurrencies = ShopCurrencies()
    /// Orders the gate found sold out, their keys' answers stored together by one job: up to
    /// 4,096 a job, so the waiters of a sale that the last units' COMMIT refuses at once share
    /// one COMMIT (each COMMIT writes the key table's touched pages to the WAL again).
    let soldOutRefusals = WriteBatcher<SoldOutRefusal, Result<IdempotentOutcome<Order>, any Error>>(
        maximumItems: 4_096, body: SQLiteOrderStore.refuse)

    /// - Parameter stockGate: the gate of this database's orders (tests give one on their clock).
    public init(writer: DatabaseWriter, readers: DatabaseReaderPool, stockGate: StockGate = StockGate()) {
        self.writer = writer
        self.readers = readers
        self.stockGate = stockGate
        lanes = DatabaseLanes(path: readers.path, count: Self.laneCount)
        // Shares first: placement credits the order's sharer, which rewards read at payment.
        ledgerObservers.add(ShareLedger.observe)
        ledgerObservers.add { db, event in try RewardLedger.observe(db, event, ids: RandomIDGenerator()) }
    }

    /// Event loops beyond this many read through the pool.
    static let laneCount = 64

    /// Opens the database as `open(path:readers:writer:)` with default tuning, except that at
    /// most `writeQueueLimit` writes may wait for the writer (more are shed; 0: no limit).
    public static func open(path: String, readers: Int = 4, writeQueueLimit: Int,
                            stockGate: StockGate = StockGate()) throws -> SQLiteStorage {
        var writer = WriterConfiguration()
        writer.maxQueuedJobs = writeQueueLimit
        return try open(path: path, readers: readers, writer: writer, stockGate: stockGate)
    }

    /// Opens the database at `path` (creating it), applies pending migrations, opens `readers`
    /// read connections.
    /// - Throws: `DatabaseError`, or `MigrationError.schemaNewerThanBinary` for a newer database.
    public static func open(path: String, readers: Int = 4, writer configuration: WriterConfiguration = .init(),
                            stockGate: StockGate = StockGate()) throws -> SQLiteStorage {
        let writer = try DatabaseWriter(path: path, writer: configuration)
        do {
            _ = try CheckoutSchema.migrator.migrate(writer)
            return SQLiteStorage(writer: writer, readers: try DatabaseReaderPool(path: path, size: readers),
                                 stockGate: stockGate)
        } catch {
            writer.close()
            throw error
        }
    }

    /// Every store of the checkout on this database.
    public var stores: CheckoutStores {
        CheckoutStores(shops: SQLiteShopStore(self), products: SQLiteProductStore(self),
                       sessions: SQLiteSessionStore(self), carts: SQLiteCartStore(self),
                       orders: SQLiteOrderStore(self), idempotency: SQLiteIdempotencyStore(self),
                       payments: SQLitePaymentStore(self), shares: SQLiteShareStore(self),
                       rewards: SQLiteRewardStore(self), health: self)
    }

    /// One job on the writer (its own savepoint inside a group commit), storage errors translated.
    /// - Parameter repeatable: as for `DatabaseWriter.write`: the job has no effect outside the
    ///   database, so it may run again after its writes were rolled back.
    func write<T: Sendable>(repeatable: Bool = false,
                            _ job: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(repeatable: repeatable, job)
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// `write` with a callback: `reply` gets the result after the COMMIT (on the writer thread),
    /// storage errors translated.
    func enqueueWrite<T: Sendable>(repeatable: Bool = false, _ job: @escaping @Sendable (Database) throws -> T,
                                   reply: @escaping @Sendable (Result<T, any Error>) -> Void) {
        writer.enqueue(repeatable: repeatable, job) { result in
            reply(result.mapError { error in (error as? DatabaseError).map(Self.translate) ?? error })
        }
    }

    /// One read on a pooled connection (one snapshot), storage errors translated.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await readers.read(body)
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// One read on lane `lane`'s connection now (true), or false when it cannot run now
    /// (storage errors translated).
    func readNow(lane: Int, _ body: (Database) throws -> Void) throws -> Bool {
        do {
            return try lanes.read(lane: lane, body)
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// The domain's view of an SQLite failure.
    public static func translate(_ error: DatabaseError) -> StorageError {
        if error.isUniqueViolation { return StorageError(.conflict, error.description) }
        if error.isOverloaded { return StorageError(.overloaded, error.description) }
        if error.isBusy || error.isStorageFailure { return StorageError(.unavailable, error.description) }
        return StorageError(.failed, error.description)
    }
}

extension SQLiteStorage: StoreHealth {
    public func checkReady() async throws {
        _ = try await read { db in try db.queryOne("SELECT 1") }
        _ = try await write { db in try db.queryOne("SELECT 1") }
    }

    /// Finishes queued writes and closes the writer.
    public func close() {
        writer.close()
        lanes.close()
    }
}
