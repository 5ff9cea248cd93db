/// Applies numbered, forward-only migrations, each in its own transaction, recorded in
/// `schema_migrations(version, name, applied_at)`.
///
/// Several replicas may start at once: every step holds a transaction-scoped advisory lock, so
/// exactly one of them applies each migration and the others see it recorded.
public struct PostgresMigrator: Sendable {
    /// The known migrations, sorted by version.
    public let migrations: [PostgresMigration]
    /// The advisory lock key that serialises migrators (any constant unique to this application).
    static let lockKey: Int64 = 0x4368_6b4f_7574  // "ChkOut"

    static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """

    public init(migrations: [PostgresMigration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// The highest version this binary knows (0 without migrations).
    public var knownVersion: Int { migrations.last?.version ?? 0 }

    /// Applies pending migrations in version order; returns the ones this call applied.
    /// - Throws: `PostgresMigrationError`, or `PostgresError` when the server cannot be reached.
    public func migrate(_ pool: PostgresPool) throws -> [PostgresMigration] {
        try validate()
        var done: [PostgresMigration] = []
        for migration in migrations {
            let ran = try pool.transactionAndWait(attempts: 1) { connection in
                let applied = try Self.lockedVersions(connection)
                try refuseNewer(applied)
                if applied.contains(migration.version) { return false }
                do {
                    try connection.executeScript(migration.sql)
                } catch let error as PostgresError {
                    throw PostgresMigrationError.migrationFailed(version: migration.version, name: migration.name, error: error)
                }
                try connection.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                                       [migration.version, migration.name])
                return true
            }
            if ran { done.append(migration) }
        }
        if migrations.isEmpty {
            try refuseNewer(try pool.transactionAndWait(attempts: 1) { try Self.lockedVersions($0) })
        }
        return done
    }

    /// The highest applied version (0 for a fresh database).
    public func currentVersion(_ pool: PostgresPool) throws -> Int {
        try pool.transactionAndWait(attempts: 1) { try Self.lockedVersions($0).max() ?? 0 }
    }

    /// Throws when the database is newer than the binary (for a server that does not migrate).
    public func checkNotNewer(_ pool: PostgresPool) throws {
        try refuseNewer(try pool.transactionAndWait(attempts: 1) { try Self.lockedVersions($0) })
    }

    /// Takes the advisory lock, makes sure the table exists, returns the applied versions.
    private static func lockedVersions(_ connection: PostgresConnection) throws -> Set<Int> {
        _ = try connection.query("SELECT pg_advisory_xact_lock($1)", [lockKey])
        try connection.executeScript(createTable)
        return Set(try connection.query("SELECT version FROM schema_migrations").map { try $0.int("version") })
    }

    private func validate() throws(PostgresMigrationError) {
        var seen = Set<Int>()
        for migration in migrations where migration.version <= 0 || !seen.insert(migration.version).inserted {
            throw .invalidVersion(migration.version)
        }
    }

    private func refuseNewer(_ applied: Set<Int>) throws(PostgresMigrationError) {
        if let found = applied.max(), found > knownVersion {
            throw .schemaNewerThanBinary(found: found, known: knownVersion)
        }
    }
}
