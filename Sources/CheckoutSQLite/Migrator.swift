/// Applies numbered, forward-only migrations, each in its own transaction, recorded in
/// `schema_migrations(version, name, applied_at)`.
public struct Migrator: Sendable {
    /// The known migrations, sorted by version.
    public let migrations: [Migration]

    static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// The highest version this binary knows (0 without migrations).
    public var knownVersion: Int { migrations.last?.version ?? 0 }

    /// Applies pending migrations in version order, each in its own transaction; returns the ones applied.
    /// - Throws: `MigrationError.schemaNewerThanBinary(found:known:)` when the database is ahead,
    ///   `MigrationError.migrationFailed` when one fails (earlier ones stay applied).
    public func migrate(_ writer: DatabaseWriter) throws -> [Migration] {
        try validate()
        let applied = try writer.writeAloneAndWait { database in
            try database.execute(Self.createTable)
            return try Self.appliedVersions(database)
        }
        try refuseNewer(applied)
        var done: [Migration] = []
        for migration in migrations where !applied.contains(migration.version) {
            let ran = try writer.writeAloneAndWait { database in
                // Another process may have applied it since we looked: BEGIN IMMEDIATE serializes us.
                let current = try Self.appliedVersions(database)
                if current.contains(migration.version) { return false }
                try refuseNewer(current)
                do throws(DatabaseError) {
                    try database.executeScript(migration.sql)
                } catch {
                    throw MigrationError.migrationFailed(version: migration.version, name: migration.name, error: error)
                }
                try database.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    [migration.version, migration.name])
                return true
            }
            if ran { done.append(migration) }
        }
        return done
    }

    /// The highest applied version (0 for a fresh database).
    public func currentVersion(_ writer: DatabaseWriter) throws -> Int {
        try writer.writeAndWait { database in
            try Self.appliedVersions(database).max() ?? 0
        }
    }

    /// Throws when the database at this connection is newer than the binary (for read-only checks).
    public func checkNotNewer(_ database: Database) throws {
        try refuseNewer(Self.appliedVersions(database))
    }

    private func validate() throws(MigrationError) {
        var seen = Set<Int>()
        for migration in migrations where migration.version <= 0 || !seen.insert(migration.version).inserted {
            throw .invalidVersion(migration.version)
        }
    }

    private func refuseNewer(_ applied: Set<Int>) throws(MigrationError) {
        if let found = applied.max(), found > knownVersion {
            throw .schemaNewerThanBinary(found: found, known: knownVersion)
        }
    }

    static func appliedVersions(_ database: Database) throws(DatabaseError) -> Set<Int> {
        let exists = try database.queryOne(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
        guard exists != nil else { return [] }
        return Set(try database.query("SELECT version FROM schema_migrations").map { row throws(DatabaseError) in
            try row.int("version")
        })
    }
}
