import CheckoutThreads

/// A fixed set of read-only connections (`query_only`), each lent to one caller at a time.
///
/// In WAL mode readers never block the writer nor wait for it; each `read` sees one consistent
/// snapshot for its whole body. Callers beyond `size` wait (FIFO) for a connection.
public final class DatabaseReaderPool: @unchecked Sendable {
    /// One pooled connection; only the caller it is lent to touches it.
    private final class Lease: @unchecked Sendable {
        let database: Database
        init(_ database: Database) { self.database = database }
    }

    private struct State {
        var idle: [Lease]
        var waiters: [@Sendable (Lease) -> Void] = []
        var waiterHead = 0
    }

    /// The database file.
    public let path: String
    private let lock = ConditionLock()
    private var state: State  // guarded by `lock`

    /// Opens `size` read-only connections to an existing database (open the writer first).
    /// - Parameters:
    ///   - path: the database file.
    ///   - size: number of connections, at least 1. Default 4.
    ///   - configuration: connection settings; `readOnly` is forced on.
    public init(path: String, size: Int = 4, configuration: DatabaseConfiguration = .init()) throws(DatabaseError) {
        var configuration = configuration
        configuration.readOnly = true
        self.path = path
        var connections: [Lease] = []
        for _ in 0..<max(size, 1) {
            connections.append(Lease(try Database(path: path, configuration: configuration)))
        }
        self.state = State(idle: connections)
    }

    /// Runs `body` with a connection of its own; the connection returns to the pool afterwards.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let lease = await withCheckedContinuation { (continuation: CheckedContinuation<Lease, Never>) in
            acquire { continuation.resume(returning: $0) }
        }
        defer { release(lease) }
        return try lease.database.inReadTransaction { try body(lease.database) }
    }

    /// Same as `read`, blocking the calling thread.
    public func readAndWait<T>(_ body: (Database) throws -> T) throws -> T {
        let answer = OneShot<Lease>()
        acquire { answer.set($0) }
        let lease = answer.wait()
        defer { release(lease) }
        return try lease.database.inReadTransaction { try body(lease.database) }
    }

    private func acquire(_ handOver: @escaping @Sendable (Lease) -> Void) {
        let lease: Lease? = lock.withLock {
            if let lease = state.idle.popLast() { return lease }
            state.waiters.append(handOver)
            return nil
        }
        if let lease { handOver(lease) }
    }

    private func release(_ lease: Lease) {
        let waiter: (@Sendable (Lease) -> Void)? = lock.withLock {
            guard state.waiterHead < state.waiters.count else {
                state.idle.append(lease)
                return nil
            }
            let next = state.waiters[state.waiterHead]
            state.waiterHead += 1
            if state.waiterHead == state.waiters.count {
                state.waiters.removeAll(keepingCapacity: true)
                state.waiterHead = 0
            }
            return next
        }
        waiter?(lease)
    }
}
