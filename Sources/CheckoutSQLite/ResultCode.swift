import CSQLite

/// SQLite result codes as Swift constants; the extended ones are C macros that Swift cannot import.
public enum ResultCode {
    public static let ok = SQLITE_OK
    public static let error = SQLITE_ERROR
    public static let busy = SQLITE_BUSY
    public static let locked = SQLITE_LOCKED
    public static let readOnly = SQLITE_READONLY
    public static let ioError = SQLITE_IOERR
    public static let corrupt = SQLITE_CORRUPT
    public static let full = SQLITE_FULL
    public static let cantOpen = SQLITE_CANTOPEN
    public static let constraint = SQLITE_CONSTRAINT
    public static let mismatch = SQLITE_MISMATCH
    public static let misuse = SQLITE_MISUSE
    public static let range = SQLITE_RANGE
    public static let notADatabase = SQLITE_NOTADB

    public static let constraintCheck: Int32 = SQLITE_CONSTRAINT | (1 << 8)
    public static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)
    public static let constraintNotNull: Int32 = SQLITE_CONSTRAINT | (5 << 8)
    public static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    public static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    public static let busySnapshot: Int32 = SQLITE_BUSY | (2 << 8)
}

extension Database {
    /// The linked SQLite library's version, e.g. "3.40.1".
    public static var sqliteVersion: String { String(cString: sqlite3_libversion()) }
}
