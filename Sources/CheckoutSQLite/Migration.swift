/// One numbered, forward-only schema change.
public struct Migration: Sendable, Equatable {
    /// Position in the sequence; positive and unique.
    public let version: Int
    /// A short name, recorded with the version (e.g. "create_orders").
    public let name: String
    /// One or more `;`-separated statements, run in one transaction.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Why migrating failed.
public enum MigrationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The database was migrated by a newer binary; this one must not run against it.
    case schemaNewerThanBinary(found: Int, known: Int)
    /// Two migrations share a version, or a version is not positive.
    case invalidVersion(Int)
    /// A migration's SQL failed; it was rolled back and nothing after it ran.
    case migrationFailed(version: Int, name: String, error: DatabaseError)

    public var description: String {
        switch self {
        case let .schemaNewerThanBinary(found, known):
            "database schema version \(found) is newer than this binary knows (\(known)); "
                + "run a newer chatcheckout or restore a backup made for this version"
        case .invalidVersion(let version):
            "migration version \(version) is duplicated or not positive"
        case let .migrationFailed(version, name, error):
            "migration \(version) (\(name)) failed: \(error)"
        }
    }

    public static func == (lhs: MigrationError, rhs: MigrationError) -> Bool {
        lhs.description == rhs.description
    }
}
