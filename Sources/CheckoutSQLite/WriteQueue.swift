import CheckoutThreads

/// The writer's job queue: submitters append, the writer thread takes everything waiting.
final class WriteQueue: @unchecked Sendable {
    /// What became of a job handed to `enqueue`.
    enum Admission: Equatable {
        case queued
        /// The queue is closed: the writer is shutting down.
        case closed
        /// `limit` jobs already wait: shed this one.
        case full
    }

    private let lock = ConditionLock()
    private var jobs: [any WriteJob] = []
    private var isClosed = false
    /// Waiting jobs beyond which new ones are refused; 0 for no limit.
    private let limit: Int

    init(limit: Int = 0) {
        self.limit = limit
    }

    /// Appends `job` unless the queue is closed or full (then the job was not queued).
    /// A job that runs alone (a migration) is never shed.
    func enqueue(_ job: any WriteJob) -> Admission {
        lock.lock()
        guard !isClosed else {
            lock.unlock()
            return .closed
        }
        if limit > 0 && jobs.count >= limit && !job.runsAlone {
            lock.unlock()
            return .full
        }
        jobs.append(job)
        let wasEmpty = jobs.count == 1
        lock.unlock()
        if wasEmpty { lock.signal() }
        return .queued
    }

    /// Blocks until jobs wait, then takes up to `limit` of them (a `runsAlone` job is taken by itself).
    /// Returns nil once the queue is closed and drained.
    func takeBatch(limit: Int) -> [any WriteJob]? {
        lock.lock()
        defer { lock.unlock() }
        while jobs.isEmpty {
            if isClosed { return nil }
            lock.wait()
        }
        if jobs[0].runsAlone { return [jobs.removeFirst()] }
        var count = min(jobs.count, max(limit, 1))
        if let alone = jobs[..<count].firstIndex(where: { $0.runsAlone }) { count = alone }
        if count == jobs.count {
            defer { jobs = [] }
            return jobs
        }
        defer { jobs.removeFirst(count) }
        return Array(jobs[..<count])
    }

    /// Puts jobs that never ran back at the head of the queue, in order.
    func putBack(_ returned: [any WriteJob]) {
        guard !returned.isEmpty else { return }
        lock.withLock { jobs.insert(contentsOf: returned, at: 0) }
    }

    /// Jobs waiting to be taken.
    var count: Int { lock.withLock { jobs.count } }

    /// Refuses new jobs; queued ones are still taken.
    func close() {
        lock.withLock { isClosed = true }
        lock.broadcast()
    }
}
