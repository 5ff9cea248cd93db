import CSQLite

/// An error reported by SQLite or by this layer, with the primary and extended result codes.
///
/// `sql` holds the statement text for logs, never the bound values.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    /// The primary result code, e.g. `SQLITE_CONSTRAINT` (19).
    public let resultCode: Int32
    /// The extended result code, e.g. `SQLITE_CONSTRAINT_UNIQUE` (2067); equals `resultCode` when there is none.
    public let extendedResultCode: Int32
    /// SQLite's message (or ours), without bound values.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    /// Makes an error; the primary code is derived from the extended one.
    public init(extendedResultCode: Int32, message: String, sql: String? = nil) {
        self.resultCode = extendedResultCode & 0xFF
        self.extendedResultCode = extendedResultCode
        self.message = message
        self.sql = sql
    }

    /// A UNIQUE or PRIMARY KEY constraint failed.
    public var isUniqueViolation: Bool {
        extendedResultCode == ResultCode.constraintUnique || extendedResultCode == ResultCode.constraintPrimaryKey
    }

    /// Any constraint failed (UNIQUE, CHECK, FOREIGN KEY, NOT NULL, ...).
    public var isConstraintViolation: Bool { resultCode == SQLITE_CONSTRAINT }

    /// The database was locked by another connection (`SQLITE_BUSY` / `SQLITE_LOCKED`).
    public var isBusy: Bool { resultCode == SQLITE_BUSY || resultCode == SQLITE_LOCKED }

    /// The storage failed (disk full, I/O error, read-only or unopenable file): the API answers 503.
    public var isStorageFailure: Bool {
        [SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CANTOPEN].contains(resultCode)
    }

    /// One line: code names, message and the SQL.
    public var description: String {
        var text = "SQLite error \(resultCode)"
        if extendedResultCode != resultCode { text += "/\(extendedResultCode)" }
        text += " (\(String(cString: sqlite3_errstr(extendedResultCode)))): \(message)"
        if let sql { text += " — SQL: \(sql)" }
        return text
    }
}

extension DatabaseError {
    /// The error SQLite holds for `connection` after `code` was returned.
    static func fromConnection(_ connection: OpaquePointer?, code: Int32, sql: String? = nil) -> DatabaseError {
        var extended = code
        var message = String(cString: sqlite3_errstr(code))
        if let connection {
            let held = sqlite3_extended_errcode(connection)
            // SQLite's message belongs to the last failing call; trust it only when the codes agree.
            if held & 0xFF == code & 0xFF {
                extended = held
                message = String(cString: sqlite3_errmsg(connection))
            }
        }
        return DatabaseError(extendedResultCode: extended, message: message, sql: sql)
    }

    /// The writer's queue was full: the job was refused before it ran (load shedding). It
    /// carries `SQLITE_BUSY`, so it is transient like any busy database.
    public static func writerOverloaded(queued: Int) -> DatabaseError {
        DatabaseError(extendedResultCode: SQLITE_BUSY, message: "\(overloadedMessage) (\(queued) jobs waiting)")
    }

    static let overloadedMessage = "write queue full: job refused"

    /// True for `writerOverloaded`: nothing ran, retrying after a moment is safe.
    public var isOverloaded: Bool { resultCode == SQLITE_BUSY && message.hasPrefix(Self.overloadedMessage) }

    /// The connection (or writer) has been closed.
    public static func connectionIsClosed() -> DatabaseError {
        DatabaseError(extendedResultCode: SQLITE_MISUSE, message: "the database connection is closed")
    }

    /// A typed column read found another storage class or no such column.
    static func columnMismatch(_ column: String, expected: String, found: SQLValue) -> DatabaseError {
        DatabaseError(extendedResultCode: SQLITE_MISMATCH,
                      message: "column \(column) holds \(found.storageClassName), expected \(expected)")
    }

    static func noSuchColumn(_ column: String) -> DatabaseError {
        DatabaseError(extendedResultCode: SQLITE_RANGE, message: "no column named \(column) in the row")
    }

    static func misuse(_ message: String, sql: String? = nil) -> DatabaseError {
        DatabaseError(extendedResultCode: SQLITE_MISUSE, message: message, sql: sql)
    }
}
