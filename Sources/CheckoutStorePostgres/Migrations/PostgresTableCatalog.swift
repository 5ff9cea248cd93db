/// The tables of the current schema as `information_schema` describes them: column types,
/// foreign keys (for a parents-first order) and identity columns.
struct PostgresTableCatalog {
    /// Every table but `schema_migrations`.
    let tables: Set<String>
    /// Table → column → data type.
    let columnTypes: [String: [String: String]]
    /// Table → the tables its foreign keys reference.
    let parents: [String: Set<String>]
    /// (table, column) of identity columns.
    let identities: [(String, String)]

    init(_ db: PostgresConnection) throws {
        var types: [String: [String: String]] = [:]
        var identities: [(String, String)] = []
        for row in try db.query("""
            SELECT c.table_name, c.column_name, c.data_type, c.is_identity FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'schema_migrations'
            """) {
            let table = try row.string("table_name"), column = try row.string("column_name")
            types[table, default: [:]][column] = try row.string("data_type")
            if try row.string("is_identity") == "YES" { identities.append((table, column)) }
        }
        var parents: [String: Set<String>] = [:]
        for row in try db.query("""
            SELECT DISTINCT tc.table_name AS child, ccu.table_name AS parent FROM information_schema.table_constraints tc
            JOIN information_schema.constraint_column_usage ccu
                ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema
            WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
            """) {
            let child = try row.string("child"), parent = try row.string("parent")
            if child != parent { parents[child, default: []].insert(parent) }
        }
        self.tables = Set(types.keys)
        self.columnTypes = types
        self.parents = parents
        self.identities = identities
    }

    /// `names` ordered so that every table comes after the tables it references.
    func parentsFirst(_ names: [String]) -> [String] {
        var ordered: [String] = []
        var placed = Set<String>()
        func place(_ name: String, _ path: Set<String>) {
            guard !placed.contains(name), !path.contains(name) else { return }
            for parent in (parents[name] ?? []).sorted() where names.contains(parent) { place(parent, path.union([name])) }
            placed.insert(name)
            ordered.append(name)
        }
        names.sorted().forEach { place($0, []) }
        return ordered
    }

    /// Moves each identity column's sequence past the largest copied value.
    func advanceIdentities(_ db: PostgresConnection) throws {
        for (table, column) in identities {
            _ = try db.query("""
                SELECT setval(pg_get_serial_sequence('"\(table)"', '\(column)'), coalesce(max("\(column)"), 1),
                    max("\(column)") IS NOT NULL) FROM "\(table)"
                """)
        }
    }
}
