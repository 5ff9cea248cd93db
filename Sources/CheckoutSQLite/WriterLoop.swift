import CSQLite

/// The writer thread's body: takes batches from the queue and commits each in one transaction.
final class WriterLoop: @unchecked Sendable {
    /// Receives the WAL size from SQLite's commit hook (writer thread only).
    private final class WALMonitor {
        var pages = 0
    }

    private var database: Database?
    private let queue: WriteQueue
    private let configuration: WriterConfiguration
    private let checkpointer: WALCheckpointer?
    private let monitor = WALMonitor()
    let statistics: WriterCounters

    init(database: Database, queue: WriteQueue, configuration: WriterConfiguration,
         checkpointer: WALCheckpointer?, statistics: WriterCounters) {
        self.database = database
        self.queue = queue
        self.configuration = configuration
        self.checkpointer = checkpointer
        self.statistics = statistics
        // Our hook replaces SQLite's auto-checkpoint, which would run inside COMMIT on this thread.
        sqlite3_wal_hook(database.handle, { context, _, _, pages in
            Unmanaged<WALMonitor>.fromOpaque(context!).takeUnretainedValue().pages = Int(pages)
            return SQLITE_OK
        }, Unmanaged.passUnretained(monitor).toOpaque())
    }

    /// Runs until the queue is closed and drained, then checkpoints and closes the connection.
    func run() {
        guard let database else { return }
        checkpointer?.start()
        while let batch = queue.takeBatch(limit: configuration.maxBatchSize) {
            let unrun = runBatch(batch, on: database)
            queue.putBack(unrun)
            afterBatch(on: database)
        }
        checkpointer?.stop()
        _ = try? database.checkpoint(.truncate)
        sqlite3_wal_hook(database.handle, nil, nil)
        self.database = nil
    }

    /// One transaction: a SAVEPOINT per job, one COMMIT, then every answer.
    /// Returns the jobs that never ran because the transaction was lost before them.
    private func runBatch(_ batch: [any WriteJob], on database: Database) -> [any WriteJob] {
        statistics.update {
            $0.batches += 1
            $0.largestBatch = max($0.largestBatch, batch.count)
        }
        do {
            try database.execute("BEGIN IMMEDIATE")
        } catch {
            return abandon(batch, ranThrough: batch.count - 1, error: error, on: database)
        }
        for (index, job) in batch.enumerated() {
            do {
                try database.execute("SAVEPOINT job")
            } catch {
                return abandon(batch, ranThrough: index, error: error, on: database)
            }
            let jobError = job.run(database)
            guard database.isInTransaction else {
                // SQLite rolls the whole transaction back on some errors (e.g. SQLITE_FULL, IOERR):
                // the work of earlier jobs is gone too.
                let error = jobError ?? DatabaseError.misuse("a write job ended the batch transaction itself")
                return abandon(batch, ranThrough: index, error: error, on: database)
            }
            do {
                if jobError != nil { try database.execute("ROLLBACK TO job") }
                try database.execute("RELEASE job")
            } catch {
                return abandon(batch, ranThrough: index, error: error, on: database)
            }
        }
        do {
            try database.execute("COMMIT")
        } catch {
            return abandon(batch, ranThrough: batch.count - 1, error: error, on: database)
        }
        statistics.update { $0.jobs += batch.count }
        for job in batch { job.deliver() }
        return []
    }

    /// Rolls back, answers jobs `0...ranThrough` with `error` (or their own), returns the rest.
    private func abandon(_ batch: [any WriteJob], ranThrough last: Int, error: any Error,
                         on database: Database) -> [any WriteJob] {
        if database.isInTransaction { _ = try? database.execute("ROLLBACK") }
        let answered = batch[...last]
        statistics.update {
            $0.failedBatches += 1
            $0.jobs += answered.count
        }
        for job in answered {
            job.failIfSucceeded(error)
            job.deliver()
        }
        return Array(batch[(last + 1)...])
    }

    /// Keeps the WAL bounded: background PASSIVE past the threshold, inline PASSIVE past the hard limit.
    private func afterBatch(on database: Database) {
        let pages = monitor.pages
        if pages >= configuration.walHardLimitPages {
            // Nothing is writing now, so this copies every frame not pinned by a reader and the
            // next BEGIN restarts the WAL from its start.
            if (try? database.checkpoint(.passive)) != nil {
                statistics.update { $0.writerCheckpoints += 1 }
            }
            monitor.pages = 0
        }
        checkpointer?.didCommit(walPages: pages, threshold: configuration.checkpointThresholdPages)
    }
}
