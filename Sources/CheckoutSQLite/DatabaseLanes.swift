import CheckoutThreads

/// Read-only connections for reads that must never wait: one per lane (an event loop's
/// index), opened on the lane's first use, each behind a lock that is only ever tried.
///
/// A caller on lane `i` gets connection `i` if nobody holds it and runs `body` on it now;
/// when it is held (two threads claiming one lane), when `i` is past `count`, or when SQLite
/// answers `SQLITE_BUSY`, `read` returns `nil` and the caller takes the pooled, waiting path.
/// The busy timeout is zero, so a read here never sleeps. Meant for bounded point reads in
/// WAL mode (a primary-key lookup costs microseconds); one statement is its own snapshot.
public final class DatabaseLanes: Sendable {
    /// The database file.
    public let path: String
    private let lanes: [Lane]

    /// Prepares `count` lanes over the existing database at `path`; nothing is opened yet.
    public init(path: String, count: Int) {
        self.path = path
        lanes = (0..<max(count, 0)).map { _ in Lane() }
    }

    /// The number of lanes.
    public var count: Int { lanes.count }

    /// Runs `body` on lane `lane`'s connection now, or returns `nil` without waiting.
    /// - Throws: `body`'s errors and storage failures other than `SQLITE_BUSY`.
    public func read<T: Sendable>(lane: Int, _ body: (Database) throws -> T) throws -> T? {
        guard lane >= 0, lane < lanes.count else { return nil }
        let path = self.path
        let outcome: Result<T, any Error>?? = lanes[lane].connection.withLockIfAvailable { slot in
            do {
                let database = try slot.open(path: path)
                return .success(try body(database))
            } catch let error as DatabaseError where error.isBusy {
                return nil
            } catch {
                return .failure(error)
            }
        }
        guard let taken = outcome, let result = taken else { return nil }
        return try result.get()
    }

    /// Closes every lane's connection that is not in use (the next read opens it again).
    public func close() {
        for lane in lanes { lane.connection.withLock { $0.database = nil } }
    }
}

/// One lane: its connection behind a lock that readers only try.
final class Lane: Sendable {
    let connection = Locked(LaneConnection())
}

/// One lane's connection, opened on first use.
struct LaneConnection {
    var database: Database?

    mutating func open(path: String) throws(DatabaseError) -> Database {
        if let database { return database }
        let opened = try Database(path: path, configuration: DatabaseConfiguration(readOnly: true, busyTimeoutMilliseconds: 0))
        database = opened
        return opened
    }
}
