import CheckoutThreads
import Foundation

/// A bounded pool of PostgreSQL connections, each owned by a thread of its own, so blocking
/// libpq calls never occupy an event loop or the Swift concurrency pool.
///
/// Jobs queue FIFO; the first free thread runs the next one on its connection. A thread
/// connects on its first job and again after its connection was lost (a connection lost while
/// running a job fails that job with `.unavailable`; the next job reconnects). After a failed connect
/// the thread fails jobs at once for `reconnectDelay` seconds instead of waiting on the network
/// for each. Before each job an idle connection is checked without a round trip, so one the
/// server closed (a restart) is replaced instead of failing the job.
public final class PostgresPool: Sendable {
    public let configuration: PostgresConfiguration
    /// The number of connections (and threads).
    public let size: Int
    private let queue = PostgresJobQueue()
    private let finished: [DispatchSemaphore]

    /// Starts `size` threads; connections open on first use (call `checkConnection` at start-up).
    public init(configuration: PostgresConfiguration, size: Int = 4, reconnectDelay: Double = 0.5) {
        self.configuration = configuration
        self.size = max(size, 1)
        var finished: [DispatchSemaphore] = []
        for index in 0..<self.size {
            let done = DispatchSemaphore(value: 0)
            finished.append(done)
            let worker = PostgresPoolWorker(configuration: configuration, queue: queue, reconnectDelay: reconnectDelay)
            SystemThread(name: "postgres-\(index)") {
                worker.run()
                done.signal()
            }.detach()
        }
        self.finished = finished
    }

    deinit { close() }

    /// Runs `body` on a pooled connection, outside any transaction (each statement commits alone).
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit(PostgresJob(run: { connection in
                continuation.resume(with: Result { try body(connection) })
            }, fail: { continuation.resume(throwing: $0) }))
        }
    }

    /// Runs `body` in one transaction (READ COMMITTED) on a pooled connection; returns after
    /// COMMIT. A serialization failure or deadlock runs the body again, up to `attempts` times.
    public func transaction<T: Sendable>(attempts: Int = 3,
                                         _ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withConnection { connection in try Self.retrying(attempts, connection, body) }
    }

    /// `withConnection`, blocking the calling thread (for the command line and start-up).
    public func withConnectionAndWait<T>(_ body: @escaping (PostgresConnection) throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var answer: Result<T, any Error>?
        submit(PostgresJob(run: { connection in
            answer = Result { try body(connection) }
            done.signal()
        }, fail: { error in
            answer = .failure(error)
            done.signal()
        }))
        done.wait()
        return try answer!.get()
    }

    /// `transaction`, blocking the calling thread.
    public func transactionAndWait<T>(attempts: Int = 3, _ body: @escaping (PostgresConnection) throws -> T) throws -> T {
        try withConnectionAndWait { connection in try Self.retrying(attempts, connection, body) }
    }

    /// Opens a connection now and runs `SELECT 1`.
    /// - Throws: `PostgresError` (`.unavailable`) when the server cannot be reached.
    public func checkConnection() throws {
        _ = try withConnectionAndWait { connection in try connection.query("SELECT 1") }
    }

    /// Jobs waiting for a free connection (a queue-depth metric).
    public var queuedJobCount: Int { queue.count }

    /// Stops taking jobs, lets the threads finish the queued ones, closes every connection.
    /// Idempotent; must not be called from inside a job.
    public func close() {
        queue.close()
        for done in finished {
            done.wait()
            done.signal()  // later calls to close pass straight through
        }
    }

    private func submit(_ job: PostgresJob) {
        if !queue.enqueue(job) { job.fail(PostgresError.closed()) }
    }

    private static func retrying<T>(_ attempts: Int, _ connection: PostgresConnection,
                                    _ body: (PostgresConnection) throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try connection.transaction(body)
            } catch let error as PostgresError where error.kind == .retryable && attempt < attempts {
                attempt += 1
            }
        }
    }
}

/// One pool thread's loop: take a job, make sure the connection is alive, run it.
private final class PostgresPoolWorker: @unchecked Sendable {
    private let configuration: PostgresConfiguration
    private let queue: PostgresJobQueue
    private let reconnectDelay: Double
    private var connection: PostgresConnection?
    private var lastFailure: (time: Double, error: PostgresError)?

    init(configuration: PostgresConfiguration, queue: PostgresJobQueue, reconnectDelay: Double) {
        self.configuration = configuration
        self.queue = queue
        self.reconnectDelay = reconnectDelay
    }

    func run() {
        while let job = queue.next() {
            do {
                let connection = try connected()
                job.run(connection)
                if connection.isBroken {
                    self.connection = nil
                } else if connection.isInTransaction {
                    // A job left a transaction open (a bug): end it so the next job starts clean.
                    try? connection.executeScript("ROLLBACK")
                }
            } catch {
                job.fail(error)
            }
        }
        connection = nil
    }

    private func connected() throws(PostgresError) -> PostgresConnection {
        if let connection {
            if connection.isUsableWhenIdle { return connection }
            self.connection = nil  // closed by the server while idle: connect again for this job
        }
        let now = ProcessInfo.processInfo.systemUptime
        if let lastFailure, now - lastFailure.time < reconnectDelay { throw lastFailure.error }
        do {
            let fresh = try PostgresConnection(configuration: configuration)
            connection = fresh
            lastFailure = nil
            return fresh
        } catch {
            lastFailure = (now, error)
            throw error
        }
    }
}
