import CheckoutCore
import CheckoutSQLite

/// What the commands do to an SQLite database without serving it: migrate and back up.
public enum SQLiteMaintenance {
    /// Applies pending migrations to the database at `path` (creating it).
    /// - Returns: one line per applied migration, and the resulting schema version.
    /// - Throws: `DatabaseError`, or `MigrationError.schemaNewerThanBinary` for a newer database.
    public static func migrate(path: String) throws -> (applied: [String], version: Int) {
        let writer = try DatabaseWriter(path: path)
        defer { writer.close() }
        let migrator = CheckoutSchema.migrator
        let applied = try migrator.migrate(writer).map { "\($0.version): \($0.name)" }
        return (applied, try migrator.currentVersion(writer))
    }

    /// A consistent copy of the live database at `path` to `destination` (SQLite backup API).
    public static func backup(path: String, to destination: String) throws {
        try DatabaseBackup.copy(from: path, to: destination)
    }
}
