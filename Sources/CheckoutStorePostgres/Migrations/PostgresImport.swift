import CheckoutCore

/// Copies every table of another backend's database (`StoredTables`, e.g. an SQLite file) into
/// an empty PostgreSQL database of the same schema version, in one transaction: ids and
/// sequence numbers kept, money and counts as the same integers, times from milliseconds to
/// `timestamptz`, flags to `boolean`, JSON text to `jsonb`.
public enum PostgresImport {
    /// Why an import was refused; nothing was written.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// Migrates the target, checks it is empty and has the source's tables, copies them
    /// parents first, page by page (`pageSize` rows in memory at a time), moves identity
    /// sequences past the copied values, and commits.
    /// - Returns: the rows copied per table.
    /// - Throws: `Refusal` (versions differ, the target holds data, a table is missing), or
    ///   the database's error (the transaction is rolled back).
    public static func copy(_ source: StoredTables, to configuration: PostgresConfiguration,
                            pageSize: Int = 1_000) throws -> [(String, Int)] {
        let pool = PostgresPool(configuration: configuration, size: 1)
        defer { pool.close() }
        try pool.checkConnection()
        _ = try PostgresSchema.migrator.migrate(pool)
        let version = try PostgresSchema.migrator.currentVersion(pool)
        guard version == source.schemaVersion else {
            throw Refusal(description: "the source is at schema version \(source.schemaVersion), the target at \(version): "
                          + "run the same chatcheckout release's `migrate` on both first")
        }
        return try pool.transactionAndWait(attempts: 1) { db in
            let target = try PostgresTableCatalog(db)
            let missing = Set(source.names).subtracting(target.tables)
            guard missing.isEmpty else {
                throw Refusal(description: "the target has no table \(missing.sorted().joined(separator: ", ")); nothing copied")
            }
            for table in target.tables.sorted() where try db.queryOne("SELECT 1 FROM \"\(table)\" LIMIT 1") != nil {
                throw Refusal(description: "the target database is not empty (table \(table) has rows); "
                              + "import only into a new database: nothing copied")
            }
            var copied: [(String, Int)] = []
            for name in target.parentsFirst(source.names) {
                var rows = 0
                try source.scan(name, pageSize) { page in
                    try insert(db, page, types: target.columnTypes[name] ?? [:])
                    rows += page.rows.count
                }
                copied.append((name, rows))
            }
            try target.advanceIdentities(db)
            return copied
        }
    }

    /// Inserts `table`'s rows in batches, each value converted to its target column's type.
    static func insert(_ db: PostgresConnection, _ table: StoredTable, types: [String: String]) throws {
        guard !table.rows.isEmpty else { return }
        let columns = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let batch = max(1, 2_000 / max(table.columns.count, 1))
        var start = 0
        while start < table.rows.count {
            let rows = table.rows[start..<min(start + batch, table.rows.count)]
            var arguments: [any PostgresBindable] = []
            var tuples: [String] = []
            for row in rows {
                var places: [String] = []
                for (column, value) in zip(table.columns, row) {
                    arguments.append(try parameter(value, type: types[column], column: "\(table.name).\(column)"))
                    places.append("$\(arguments.count)")
                }
                tuples.append("(" + places.joined(separator: ", ") + ")")
            }
            try db.execute("INSERT INTO \"\(table.name)\" (\(columns)) OVERRIDING SYSTEM VALUE VALUES "
                           + tuples.joined(separator: ", "), arguments)
            start += batch
        }
    }

    /// `value` bound for a column of PostgreSQL `type` (`information_schema` data type).
    static func parameter(_ value: StoredTable.Value, type: String?, column: String) throws -> PostgresParameter {
        switch (value, type) {
        case (.null, _): return .null
        case (.integer(let ms), "timestamp with time zone"): return Timestamp(milliseconds: ms).postgresParameter
        case (.integer(let flag), "boolean"): return (flag != 0).postgresParameter
        case (.integer(let v), "bigint"), (.integer(let v), "integer"), (.integer(let v), "smallint"): return .text(String(v))
        case (.real(let v), "double precision"), (.real(let v), "real"): return .text(String(v))
        case (.text(let v), "text"), (.text(let v), "character"), (.text(let v), "jsonb"): return .text(v)
        case (.blob(let v), "bytea"): return .binary(v)
        default:
            throw Refusal(description: "\(column): a stored \(value.kind) does not fit a \(type ?? "missing") column")
        }
    }
}

extension StoredTable.Value {
    var kind: String {
        switch self {
        case .null: "null"
        case .integer: "integer"
        case .real: "real"
        case .text: "text"
        case .blob: "blob"
        }
    }
}
