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
        return try body(StoredTables(schemaVersion: version, names: names) { name, pageSize, page in
            guard names.contains(name) else { throw StorageError(.failed, "no table \(name)") }
            try scan(connection, table: name, pageSize: max(1, pageSize), page)
        })
    }

    /// Reads `table` in pages by keyset on its primary key: each page is the next `pageSize`
    /// rows after the previous page's last key, so no page depends on an offset or on memory
    /// beyond itself.
    static func scan(_ db: Database, table: String, pageSize: Int, _ page: (StoredTable) throws -> Void) throws {
        let info = try db.query("SELECT name, pk FROM pragma_table_info(?)", [table])
        let columns = try info.map { try $0.string("name") }
        let key = try info.filter { try $0.int("pk") > 0 }.sorted { try $0.int("pk") < $1.int("pk") }
            .map { try $0.string("name") }
        guard !key.isEmpty else { throw StorageError(.failed, "table \(table) has no primary key to read it in pages by") }
        let keyIndexes = key.compactMap { columns.firstIndex(of: $0) }
        let keyList = key.map { "\"\($0)\"" }.joined(separator: ", ")
        let places = Array(repeating: "?", count: key.count).joined(separator: ", ")
        var after: [SQLValue]?
        repeat {
            let condition = after == nil ? "" : "WHERE (\(keyList)) > (\(places)) "
            let rows = try db.query("SELECT * FROM \"\(table)\" \(condition)ORDER BY \(keyList) LIMIT ?",
                                    (after ?? []).map { $0 as any SQLValueConvertible } + [pageSize])
            guard let last = rows.last else { return }
            try page(StoredTable(name: table, columns: columns, rows: rows.map { row in row.values.map(Self.value) }))
            after = keyIndexes.map { last.values[$0] }
            if rows.count < pageSize { return }
        } while true
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
