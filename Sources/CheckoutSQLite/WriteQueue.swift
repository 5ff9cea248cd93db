import CheckoutThreads

/// The writer's job queue: submitters append, the writer thread takes everything waiting.
final class WriteQueue: @unchecked Sendable {
    private let lock = ConditionLock()
    private var jobs: [any WriteJob] = []
    private var isClosed = false

    /// Appends `job`; false when the queue is closed (the job was not queued).
    func enqueue(_ job: any WriteJob) -> Bool {
        lock.lock()
        guard !isClosed else {
            lock.unlock()
            return false
        }
        jobs.append(job)
        let wasEmpty = jobs.count == 1
        lock.unlock()
        if wasEmpty { lock.signal() }
        return true
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
