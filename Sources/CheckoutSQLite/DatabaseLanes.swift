import CheckoutThreads

/// Read-only connections for reads that must never wait: one per lane (an event loop's
/// index), opened on the lane's first use, each behind a lock that is only ever tried.
///
/// A caller on lane `i` gets connection `i` if nobody holds it and runs `body` on it now;
/// when it is held (two threads claiming one lane), when `i` is past `count`, or when SQLite
/// answers `SQLITE_BUSY`, `read` returns false and the caller takes the pooled, waiting path.
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

    /// Runs `body` on lane `lane`'s connection now and returns true, or returns false without
    /// waiting (lane held or unknown, `SQLITE_BUSY`). Not generic, so a hot caller in another
    /// module pays no generic metadata lookups.
    /// - Throws: `body`'s errors and storage failures other than `SQLITE_BUSY`.
    public func read(lane: Int, _ body: (Database) throws -> Void) throws -> Bool {
        guard lane >= 0, lane < lanes.count else { return false }
        let path = self.path
        var failure: (any Error)?
        let answered = lanes[lane].connection.withLockIfAvailable { slot -> Bool in
            do {
                try body(try slot.open(path: path))
                return true
            } catch let error as DatabaseError where error.isBusy {
                return false
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return answered ?? false
    }

    /// `read(lane:_:)` returning `body`'s value, or `nil` when it could not run now.
    public func readValue<T>(lane: Int, _ body: (Database) throws -> T) throws -> T? {
        var value: T?
        guard try read(lane: lane, { value = try body($0) }) else { return nil }
        return value
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
