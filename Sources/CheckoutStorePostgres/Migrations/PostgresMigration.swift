/// One numbered, forward-only schema change in PostgreSQL's dialect.
public struct PostgresMigration: Sendable, Equatable {
    /// Position in the sequence; positive and unique. The same numbers as the SQLite schema's.
    public let version: Int
    /// A short name, recorded with the version.
    public let name: String
    /// `;`-separated statements, run in one transaction (PostgreSQL's DDL is transactional).
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Why migrating a PostgreSQL database failed.
public enum PostgresMigrationError: Error, CustomStringConvertible, Sendable {
    /// The database was migrated by a newer binary; this one must not run against it.
    case schemaNewerThanBinary(found: Int, known: Int)
    /// Two migrations share a version, or a version is not positive.
    case invalidVersion(Int)
    /// A migration's SQL failed; it was rolled back and nothing after it ran.
    case migrationFailed(version: Int, name: String, error: PostgresError)

    public var description: String {
        switch self {
        case let .schemaNewerThanBinary(found, known):
            "database schema version \(found) is newer than this binary knows (\(known)); "
                + "run a newer chatcheckout or restore a dump made for this version"
        case .invalidVersion(let version):
            "migration version \(version) is duplicated or not positive"
        case let .migrationFailed(version, name, error):
            "migration \(version) (\(name)) failed: \(error)"
        }
    }
}
