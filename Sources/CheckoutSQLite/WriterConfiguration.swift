import CheckoutThreads

/// Tuning of `DatabaseWriter`: batch size and WAL checkpointing. The defaults suit the server.
public struct WriterConfiguration: Sendable {
    /// Most jobs committed by one `BEGIN IMMEDIATE … COMMIT`; bounds a batch's latency. Default 256.
    /// 1 gives one transaction (and one fsync) per write.
    public var maxBatchSize = 256
    /// WAL size (pages) at which the background connection runs a PASSIVE checkpoint. Default 1000.
    public var checkpointThresholdPages = 1000
    /// WAL size (pages) at which the writer itself checkpoints between batches, so the next batch
    /// restarts the WAL even under constant load. Default 10,000 (about 40 MB at 4 KiB pages).
    public var walHardLimitPages = 10_000
    /// Quiet time after the last commit before the WAL is truncated to zero bytes. Default 1 s.
    public var idleCheckpointSeconds = 1.0
    /// Size the WAL file is cut back to when it restarts (`PRAGMA journal_size_limit`). Default 64 MiB.
    public var journalSizeLimitBytes = 64 << 20
    /// Run checkpoints on a second connection and thread (false: only the writer's hard-limit ones). Default true.
    public var backgroundCheckpoints = true
    /// Jobs allowed to wait for the writer; one more is refused at once with
    /// `DatabaseError.isOverloaded` instead of queueing (load shedding). 0, the default, is no limit.
    public var maxQueuedJobs = 0

    /// The defaults.
    public init() {}

    /// The defaults with a different batch cap.
    public init(maxBatchSize: Int) {
        self.maxBatchSize = maxBatchSize
    }
}

/// Counters of a writer's work since it opened.
public struct WriterStatistics: Sendable, Equatable {
    /// Transactions attempted (one per batch).
    public var batches = 0
    /// Jobs answered (committed or failed).
    public var jobs = 0
    /// Transactions whose COMMIT (or BEGIN) failed; every job in them got the error.
    public var failedBatches = 0
    /// Largest batch so far.
    public var largestBatch = 0
    /// PASSIVE checkpoints the writer ran itself because the WAL passed `walHardLimitPages`.
    public var writerCheckpoints = 0
    /// Checkpoints run by the background connection (PASSIVE on threshold, TRUNCATE when idle).
    public var backgroundCheckpoints = 0
    /// Jobs refused because `maxQueuedJobs` were already waiting (load shedding).
    public var shedJobs = 0
    /// Repeatable jobs run a second time, alone, because a job of their shared savepoint failed
    /// after writing (the failed job included).
    public var repeatedJobs = 0
}

/// The shared, locked `WriterStatistics` of one writer (a pthread mutex: ThreadSanitizer sees it,
/// whereas it reports false races through `Synchronization.Mutex`'s futex on Linux).
final class WriterCounters: @unchecked Sendable {
    private let lock = ConditionLock()
    private var state = WriterStatistics()

    func update(_ body: (inout WriterStatistics) -> Void) { lock.withLock { body(&state) } }
    var snapshot: WriterStatistics { lock.withLock { state } }
}
