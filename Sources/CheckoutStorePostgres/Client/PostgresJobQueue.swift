import Foundation

/// One unit of work for a pool thread: run on a connection, or fail without one.
struct PostgresJob: @unchecked Sendable {
    let run: (PostgresConnection) -> Void
    let fail: (any Error) -> Void
}

/// The FIFO queue the pool's threads take jobs from; closing lets them drain it and stop.
final class PostgresJobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [PostgresJob] = []  // guarded by `condition`
    private var head = 0
    private var closed = false

    /// Queues `job`; false when the queue is closed (the caller fails the job).
    func enqueue(_ job: PostgresJob) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// The next job, waiting for one; nil once the queue is closed and empty.
    func next() -> PostgresJob? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count && !closed { condition.wait() }
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        }
        return job
    }

    /// Jobs waiting for a connection.
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobs.count - head
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
