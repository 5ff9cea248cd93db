import CheckoutCore
import CheckoutSQLite

/// Reads every table of an SQLite database for a copy to another backend.
public enum SQLiteExport {
    /// Opens the database at `path` read-only and returns its tables (not `schema_migrations`
    /// and SQLite's own); `body` runs while the connection is open.
    /// - Throws: `DatabaseError`, or `MigrationError.schemaNewerThanBinary` for a newer database.
    public static func withTables<T>(path: String, _ body: (StoredTables) throws -> T) throws -> T {
        let database = try Database(path: path, configuration: DatabaseConfiguration(readOnly: true))
        try CheckoutSchema.migrator.checkNotNewer(database)
        let version = try database.queryOne("SELECT coalesce(max(version), 0) AS v FROM schema_migrations")?.int("v") ?? 0
        let names = try database.query("""
            SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name <> 'schema_migrations' ORDER BY name
            """).map { try $0.string("name") }
        nonisolated(unsafe) let connection = database
        return try body(StoredTables(schemaVersion: version, names: names) { name in
            guard names.contains(name) else { throw StorageError(.failed, "no table \(name)") }
            let rows = try connection.query("SELECT * FROM \"\(name)\"")
            let columns = try rows.first?.columnNames ?? connection.query("SELECT name FROM pragma_table_info(?)", [name])
                .map { try $0.string("name") }
            return StoredTable(name: name, columns: columns, rows: rows.map { row in row.values.map(Self.value) })
        })
    }

    static func value(_ value: SQLValue) -> StoredTable.Value {
        switch value {
        case .null: .null
        case .integer(let v): .integer(v)
        case .real(let v): .real(v)
        case .text(let v): .text(v)
        case .blob(let v): .blob(v)
        }
    }
}
