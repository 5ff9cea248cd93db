import CSQLite

/// One SQLite connection with a statement cache.
///
/// Not thread-safe: use it from one thread at a time (the writer thread, a pooled reader's
/// caller, or a CLI). Inside `DatabaseWriter.write` jobs it is already in a transaction.
public final class Database {
    let handle: OpaquePointer
    /// The path it was opened with.
    public let path: String
    /// The configuration it was opened with.
    public let configuration: DatabaseConfiguration
    private var statementCache: [String: Statement] = [:]
    /// The statement `cachedStatement` answered last, compared before the dictionary is hashed:
    /// a connection that runs one statement again and again (an event loop's point read) finds
    /// it by comparing one string (the same `static let` text: its storage, no bytes).
    private var lastStatement: (sql: String, statement: Statement)?
    private var savepointDepth = 0

    /// Opens (and for read-write, creates with its folders) the database at `path`; `":memory:"` is allowed.
    ///
    /// Sets WAL, `synchronous=FULL`, `foreign_keys=ON` and the busy timeout. A file that is not
    /// a database (`SQLITE_NOTADB`) or cannot be written (`SQLITE_READONLY`) throws here.
    public init(path: String, configuration: DatabaseConfiguration = .init()) throws(DatabaseError) {
        Self.libraryConfiguration.touch()
        self.path = path
        self.configuration = configuration
        let plain = FileSystem.isPlainPath(path)
        let existed = plain && FileSystem.exists(path)
        var createdFolders: [String] = []
        if plain && !configuration.readOnly && !existed {
            createdFolders = try FileSystem.createParentFolders(of: path)
        }
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_URI
        flags |= configuration.readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = DatabaseError.fromConnection(connection, code: code)
            sqlite3_close_v2(connection)
            throw Self.openError(error, path: path)
        }
        self.handle = connection
        do {
            try setUp()
        } catch {
            // Fully initialized by now, so `deinit` runs after this throw and closes the
            // handle; closing it here too would close it twice.
            throw Self.openError(error, path: path)
        }
        if plain && !existed && !configuration.readOnly {
            // The new file's directory entry (and any new folders) must survive power loss.
            for folder in [FileSystem.parent(of: path)] + createdFolders.reversed().map(FileSystem.parent) {
                FileSystem.syncFolder(folder)
            }
        }
    }

    deinit {
        lastStatement = nil
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// SQLite's process-wide settings, made once before the first connection opens (the
    /// library initializes then): no memory statistics, whose global mutex every allocation
    /// of every connection took (the writer and each event loop's reader contended on it; a
    /// list of ten products made 16 such lock pairs). Nothing here reads those statistics.
    private static let libraryConfiguration = LibraryConfiguration()

    private struct LibraryConfiguration: Sendable {
        let memoryStatusCode: Int32 = checkout_sqlite_disable_memory_status()
        func touch() {}
    }

    private static func openError(_ error: DatabaseError, path: String) -> DatabaseError {
        DatabaseError(extendedResultCode: error.extendedResultCode,
                      message: "\(error.message) (database file \(path))", sql: error.sql)
    }

    private func setUp() throws(DatabaseError) {
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, Int32(clamping: configuration.busyTimeoutMilliseconds))
        _ = checkout_sqlite_db_config_flag(handle, SQLITE_DBCONFIG_DEFENSIVE, 1)
        // Reads page 1: a file that is not a database fails here with SQLITE_NOTADB.
        _ = try queryOne("SELECT count(*) FROM sqlite_schema")
        try execute("PRAGMA foreign_keys = ON")
        if configuration.readOnly {
            try execute("PRAGMA query_only = 1")
            return
        }
        if sqlite3_db_readonly(handle, "main") == 1 {
            throw DatabaseError(extendedResultCode: SQLITE_READONLY, message: "database file is read-only")
        }
        if configuration.journalModeWAL {
            let mode = try queryOne("PRAGMA journal_mode = WAL")?[0]
            if FileSystem.isPlainPath(path), mode != .text("wal") {
                throw DatabaseError(extendedResultCode: SQLITE_CANTOPEN,
                                    message: "cannot switch to WAL journal mode (got \(mode ?? .null))")
            }
        }
        try execute("PRAGMA synchronous = FULL")
    }

    // MARK: Statements

    /// Prepares `sql` (one statement) without caching it.
    public func makeStatement(_ sql: String) throws(DatabaseError) -> Statement {
        try Statement(connection: handle, sql: sql, persistent: false)
    }

    /// The cached prepared statement for `sql`, prepared on first use.
    public func cachedStatement(_ sql: String) throws(DatabaseError) -> Statement {
        if let last = lastStatement, last.sql == sql { return last.statement }
        let statement = try lookUpStatement(sql)
        lastStatement = (sql, statement)
        return statement
    }

    private func lookUpStatement(_ sql: String) throws(DatabaseError) -> Statement {
        if let statement = statementCache[sql] { return statement }
        let statement = try Statement(connection: handle, sql: sql, persistent: true)
        if statementCache.count >= max(configuration.statementCacheCapacity, 1) {
            statementCache.remove(at: statementCache.startIndex)
        }
        statementCache[sql] = statement
        return statement
    }

    /// The number of statements in the cache (for tests and diagnostics).
    public var cachedStatementCount: Int { statementCache.count }

    /// Runs one statement with `arguments`, discarding any rows.
    public func execute(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws(DatabaseError) {
        try cachedStatement(sql).execute(arguments)
    }

    /// Runs several `;`-separated statements without arguments (migrations, schema scripts).
    public func executeScript(_ sql: String) throws(DatabaseError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            let extended = sqlite3_extended_errcode(handle)
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            throw DatabaseError(extendedResultCode: extended & 0xFF == code & 0xFF ? extended : code, message: text, sql: sql)
        }
    }

    /// Runs one statement with `arguments` and returns all its rows.
    public func query(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws(DatabaseError) -> [Row] {
        try cachedStatement(sql).query(arguments)
    }

    /// Runs one statement with `arguments` and hands each row to `body` in place, read by
    /// `layout`'s fields, until `body` returns false (a point read stops after its row).
    /// Nothing is copied out of SQLite: see `StatementRow` for how long its text lives.
    public func forEachRow(_ sql: String, _ arguments: [any SQLValueConvertible], layout: ColumnLayout,
                           _ body: (StatementRow) throws -> Bool) throws {
        try cachedStatement(sql).forEachRow(arguments, layout: layout, body)
    }

    /// The first row of the statement's result, or nil.
    public func queryOne(_ sql: String, _ arguments: [any SQLValueConvertible] = []) throws(DatabaseError) -> Row? {
        var first: Row?
        try cachedStatement(sql).run(arguments) { row throws(DatabaseError) in
            if first == nil { first = row }
        }
        return first
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Rows changed by every INSERT, UPDATE and DELETE since the connection opened (never goes
    /// back, not even on ROLLBACK): unchanged across a job means the job wrote nothing.
    public var totalChanges: Int { Int(sqlite3_total_changes64(handle)) }

    /// True while the writer runs a repeatable job without a savepoint of its own. A job that
    /// then fails after writing is rolled back and run again alone, in a savepoint, so code in
    /// it may skip a savepoint that would only undo its own failure (the writer undoes it).
    public internal(set) var runsWithoutJobSavepoint = false

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// One read transaction around `body`, so several queries see the same snapshot.
    public func inReadTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN DEFERRED")
        defer { if isInTransaction { _ = try? execute("COMMIT") } }
        return try body()
    }

    /// True while a transaction is open (always inside writer jobs).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// True while deferred foreign-key constraints of the open transaction are unresolved.
    var hasDeferredForeignKeyViolations: Bool {
        var current: Int32 = 0
        var highwater: Int32 = 0
        sqlite3_db_status(handle, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highwater, 0)
        return current > 0
    }

    // MARK: Transactions

    /// Runs `body` in `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws.
    ///
    /// Inside an open transaction (e.g. a writer job) it nests as a SAVEPOINT instead.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if isInTransaction {
            savepointDepth += 1
            // Inside a savepoint of its own, code undoes its own failures.
            let shared = runsWithoutJobSavepoint
            runsWithoutJobSavepoint = false
            defer {
                savepointDepth -= 1
                runsWithoutJobSavepoint = shared
            }
            return try savepoint(Self.savepointStatements[min(savepointDepth, Self.savepointStatements.count - 1)], body)
        }
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// The statements of a nested savepoint by depth, built once (not a string per savepoint);
    /// deeper ones reuse the last name, which SQLite allows (ROLLBACK TO and RELEASE take the
    /// innermost savepoint of that name).
    private static let savepointStatements = (0...8).map { depth in
        SavepointStatements(open: "SAVEPOINT checkout_nested_\(depth)", release: "RELEASE checkout_nested_\(depth)",
                            rollback: "ROLLBACK TO checkout_nested_\(depth)")
    }

    private struct SavepointStatements {
        let open: String
        let release: String
        let rollback: String
    }

    /// Runs `body` inside a savepoint; on error rolls back to it and rethrows.
    private func savepoint<T>(_ statements: SavepointStatements, _ body: () throws -> T) throws -> T {
        try execute(statements.open)
        do {
            let result = try body()
            try execute(statements.release)
            return result
        } catch {
            if isInTransaction {
                try? execute(statements.rollback)
                try? execute(statements.release)
            }
            throw error
        }
    }
}
