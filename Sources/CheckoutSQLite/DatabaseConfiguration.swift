/// How a connection is opened and set up.
public struct DatabaseConfiguration: Sendable {
    /// Open read-only (`SQLITE_OPEN_READONLY` + `PRAGMA query_only`); the file must exist. Default false.
    public var readOnly = false
    /// How long a statement waits for another connection's lock before `SQLITE_BUSY`. Default 5000 ms.
    public var busyTimeoutMilliseconds = 5000
    /// WAL journal + `synchronous=FULL`; when false the default rollback journal is kept
    /// (still `synchronous=FULL`). `foreign_keys=ON` always. Default true.
    public var journalModeWAL = true
    /// How many prepared statements the connection keeps for reuse. Default 64.
    public var statementCacheCapacity = 64

    /// The defaults: read-write, WAL, synchronous=FULL, foreign keys on, 5 s busy timeout.
    public init() {}

    /// A configuration with the given fields changed from the defaults.
    public init(readOnly: Bool = false, busyTimeoutMilliseconds: Int = 5000, journalModeWAL: Bool = true) {
        self.readOnly = readOnly
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.journalModeWAL = journalModeWAL
    }
}
