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

    /// One transaction: a SAVEPOINT per job (repeatable jobs in a row share one), one COMMIT,
    /// then every answer. Returns the jobs that never ran because the transaction was lost before them.
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
        var index = 0
        while index < batch.count {
            var end = index + 1
            if batch[index].isRepeatable {
                while end < batch.count && batch[end].isRepeatable { end += 1 }
            }
            let lost = batch[index].isRepeatable ? runShared(batch, index..<end, on: database)
                : runAlone(batch[index], on: database).map { (index, $0) }
            if let (ranThrough, error) = lost {
                return abandon(batch, ranThrough: ranThrough, error: error, on: database)
            }
            index = end
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

    /// Runs `job` in a savepoint of its own: when it fails, it rolls back alone.
    /// Returns the error that lost the whole transaction, if one did.
    private func runAlone(_ job: any WriteJob, on database: Database) -> (any Error)? {
        do {
            try database.execute("SAVEPOINT job")
        } catch {
            return error
        }
        var jobError = job.run(database)
        if jobError == nil && database.hasDeferredForeignKeyViolations {
            // Checked per job: left for COMMIT it would fail the whole batch.
            jobError = DatabaseError(extendedResultCode: ResultCode.constraintForeignKey,
                                     message: "FOREIGN KEY constraint failed (deferred, at the end of the write job)")
            job.failIfSucceeded(jobError!)
        }
        guard database.isInTransaction else {
            // SQLite rolls the whole transaction back on some errors (e.g. SQLITE_FULL, IOERR):
            // the work of earlier jobs is gone too.
            return jobError ?? DatabaseError.misuse("a write job ended the batch transaction itself")
        }
        do {
            if jobError != nil { try database.execute("ROLLBACK TO job") }
            try database.execute("RELEASE job")
        } catch {
            return error
        }
        return nil
    }

    /// Runs repeatable jobs under ONE savepoint: a page they change is copied to the savepoint
    /// journal once for all of them, not once per job (an order changes about 17 pages, most of
    /// them the same index leaves as the order before it). A job that fails without writing
    /// needs no undo. One that fails after writing (or leaves a foreign key unresolved) rolls
    /// the shared savepoint back: the jobs before it and itself run again, each alone, and the
    /// rest share a new savepoint. So a job runs at most twice.
    /// Returns the last job answered and the error when the whole transaction was lost.
    private func runShared(_ batch: [any WriteJob], _ range: Range<Int>,
                           on database: Database) -> (ranThrough: Int, error: any Error)? {
        var start = range.lowerBound
        while start < range.upperBound {
            do {
                try database.execute("SAVEPOINT jobs")
            } catch {
                return (start, error)
            }
            var failed: Int?
            database.runsWithoutJobSavepoint = true
            for index in start..<range.upperBound {
                let before = database.totalChanges
                let error = batch[index].run(database)
                guard database.isInTransaction else {
                    database.runsWithoutJobSavepoint = false
                    return (index, error ?? DatabaseError.misuse("a write job ended the batch transaction itself"))
                }
                if database.hasDeferredForeignKeyViolations || (error != nil && database.totalChanges != before) {
                    failed = index
                    break
                }
            }
            database.runsWithoutJobSavepoint = false
            guard let failed else {
                do {
                    try database.execute("RELEASE jobs")
                } catch {
                    return (range.upperBound - 1, error)
                }
                return nil
            }
            do {
                try database.execute("ROLLBACK TO jobs")
                try database.execute("RELEASE jobs")
            } catch {
                return (failed, error)
            }
            statistics.update { $0.repeatedJobs += failed - start + 1 }
            for index in start...failed {
                if let error = runAlone(batch[index], on: database) { return (index, error) }
            }
            start = failed + 1
        }
        return nil
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
