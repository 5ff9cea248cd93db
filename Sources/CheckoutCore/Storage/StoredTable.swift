/// One table's rows as they leave one backend for another (`chatcheckout migrate-data`):
/// values in the source's storage classes, converted by the target from its own column types.
public struct StoredTable: Sendable {
    /// A value as stored: SQLite's storage classes (times as integer milliseconds, flags as 0/1).
    public enum Value: Sendable, Hashable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
    }

    public var name: String
    public var columns: [String]
    public var rows: [[Value]]

    public init(name: String, columns: [String], rows: [[Value]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

/// A database's tables as a copy reads them: the schema version, the table names, and each
/// table's rows in pages in primary-key order (one page in memory at a time, whatever the
/// table's size).
public struct StoredTables: Sendable {
    /// Calls `body` with each page of at most `pageSize` rows of table `name`, in primary-key order.
    public typealias Scan = @Sendable (_ name: String, _ pageSize: Int, _ body: (StoredTable) throws -> Void) throws -> Void

    public var schemaVersion: Int
    public var names: [String]
    public var scan: Scan

    public init(schemaVersion: Int, names: [String], scan: @escaping Scan) {
        self.schemaVersion = schemaVersion
        self.names = names
        self.scan = scan
    }
}
