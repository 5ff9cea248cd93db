import CheckoutThreads

/// The single writer: one thread owning the only write connection, with group commit.
///
/// Jobs queue up while a transaction is committing; the thread then takes all that wait (up to
/// `WriterConfiguration.maxBatchSize`) into ONE `BEGIN IMMEDIATE … COMMIT`, each job in its own
/// SAVEPOINT. A throwing job rolls back to its savepoint alone and gets its error; the others
/// commit. Every job is answered only after the COMMIT (one fsync for the batch) returned; if the
/// COMMIT fails (disk full, I/O error) every job of the batch gets that error and nothing of the
/// batch is visible.
///
/// Jobs must not run BEGIN, COMMIT or ROLLBACK themselves (`Database.transaction` nests as a savepoint).
public final class DatabaseWriter: @unchecked Sendable {
    /// The database file.
    public let path: String
    /// The connection configuration (WAL, synchronous=FULL, foreign keys, busy timeout).
    public let configuration: DatabaseConfiguration
    /// Batching and checkpoint tuning.
    public let writerConfiguration: WriterConfiguration
    private let queue: WriteQueue
    private let thread: SystemThread
    private let closeLock = ConditionLock()
    private var isClosed = false  // guarded by `closeLock`
    private let counters: WriterCounters

    /// Opens (creating file and folders when missing) the database and starts the writer thread.
    /// - Parameters:
    ///   - path: the database file, or `":memory:"`.
    ///   - configuration: connection settings; `readOnly` is ignored.
    ///   - writer: batch size and checkpoint settings.
    public init(path: String, configuration: DatabaseConfiguration = .init(),
                writer: WriterConfiguration = .init()) throws(DatabaseError) {
        var configuration = configuration
        configuration.readOnly = false
        self.path = path
        self.configuration = configuration
        self.writerConfiguration = writer
        let counters = WriterCounters()
        self.counters = counters
        let queue = WriteQueue(limit: max(0, writer.maxQueuedJobs))
        self.queue = queue
        let database = try Database(path: path, configuration: configuration)
        // Savepoint journals in memory: every job's SAVEPOINT copies each page it is the first to
        // change there, and past 64 KiB a batch's copies went to a temporary file, two pwrite64
        // calls a page (35 an order at 64 connections). They only serve ROLLBACK TO inside a
        // live transaction, so durability is the WAL's alone either way.
        try database.execute("PRAGMA temp_store = MEMORY")
        if configuration.journalModeWAL {
            try database.execute("PRAGMA journal_size_limit = \(max(writer.journalSizeLimitBytes, 0))")
        }
        var checkpointer: WALCheckpointer?
        if writer.backgroundCheckpoints && configuration.journalModeWAL && FileSystem.isPlainPath(path) {
            checkpointer = try WALCheckpointer(path: path, configuration: configuration,
                                               idleSeconds: writer.idleCheckpointSeconds, statistics: counters)
        }
        let loop = WriterLoop(database: database, queue: queue, configuration: writer,
                              checkpointer: checkpointer, statistics: counters)
        self.thread = SystemThread(name: "sqlite-writer") { loop.run() }
    }

    deinit { close() }

    /// Runs `job` on the writer inside the batch transaction; returns after the commit that holds it.
    ///
    /// A throwing job rolls back alone (its savepoint) and its error is rethrown here. A failed
    /// commit rethrows the commit's `DatabaseError` (`isStorageFailure` for disk full / I/O).
    /// Cancellation does not withdraw a queued job: it still runs and commits.
    /// - Parameter repeatable: the job is a function of the database and of what it captured
    ///   (no effect outside the database), so the writer may run it again after rolling its
    ///   writes back; such jobs share one savepoint instead of paying for one each.
    public func write<T: Sendable>(repeatable: Bool = false,
                                   _ job: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(repeatable: repeatable, job) { continuation.resume(with: $0) }
        }
    }

    /// Queues `job` as `write` does and returns at once; `reply` gets the job's result after the
    /// COMMIT that holds it (on the writer thread: keep it short), or the error that stopped it.
    /// A job refused at once (writer closed or queue full) is answered before this returns.
    public func enqueue<T: Sendable>(repeatable: Bool = false, _ job: @escaping @Sendable (Database) throws -> T,
                                     reply: @escaping @Sendable (Result<T, any Error>) -> Void) {
        submit(PendingWrite(repeatable: repeatable, body: job, reply: reply))
    }

    /// Same as `write`, blocking the calling thread (for threads and the CLI).
    /// Must not be called from inside a write job (that would wait for itself).
    public func writeAndWait<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) throws -> T {
        try wait(for: PendingWrite.self, job, runsAlone: false)
    }

    /// Runs `job` in a transaction of its own, never batched with other jobs (schema changes).
    func writeAloneAndWait<T: Sendable>(_ job: @escaping @Sendable (Database) throws -> T) throws -> T {
        try wait(for: PendingWrite.self, job, runsAlone: true)
    }

    private func wait<T: Sendable>(for _: PendingWrite<T>.Type, _ job: @escaping @Sendable (Database) throws -> T,
                                   runsAlone: Bool) throws -> T {
        precondition(!thread.isCurrent, "DatabaseWriter.writeAndWait called from inside a write job")
        let answer = OneShot<Result<T, any Error>>()
        submit(PendingWrite(runsAlone: runsAlone, body: job) { answer.set($0) })
        return try answer.wait().get()
    }

    private func submit(_ job: any WriteJob) {
        switch queue.enqueue(job) {
        case .queued:
            return
        case .closed:
            job.failIfSucceeded(DatabaseError.connectionIsClosed())
        case .full:
            counters.update { $0.shedJobs += 1 }
            job.failIfSucceeded(DatabaseError.writerOverloaded(queued: writerConfiguration.maxQueuedJobs))
        }
        job.deliver()
    }

    /// Jobs waiting for the next batch (a queue-depth metric).
    public var queuedJobCount: Int { queue.count }

    /// Counters since open: batches, jobs, largest batch, checkpoints.
    public var statistics: WriterStatistics { counters.snapshot }

    /// Stops accepting jobs, finishes queued ones, checkpoints (TRUNCATE) and closes; returns when done
    /// (called from inside a job it returns at once and the thread finishes after the batch). Idempotent.
    public func close() {
        let first = closeLock.withLock {
            defer { isClosed = true }
            return !isClosed
        }
        guard first else { return }
        queue.close()
        if thread.isCurrent {
            // Closed from a job (or the last reference died there): the thread ends after this batch.
            thread.detach()
        } else {
            thread.join()
        }
    }
}
