import CSQLite

/// A prepared statement of one connection; obtain it from `Database.makeStatement(_:)`.
///
/// Not thread-safe: it belongs to its connection's thread. Each run binds all parameters,
/// steps to the end and resets, so a cached statement is always ready for the next run.
public final class Statement {
    let handle: OpaquePointer
    /// The connection handle; `sqlite3_close_v2` keeps it valid until this statement is finalized.
    let connection: OpaquePointer
    /// The SQL text as given (without bound values).
    public let sql: String
    /// The result's column names, read once and kept while the statement is not re-prepared:
    /// a schema change re-prepares it (and may rename columns), which moves `columnsPrepareCount`.
    private var columns: RowColumns?
    private var columnsPrepareCount: Int32 = -1
    /// The last `ColumnLayout` resolved against this statement (see `positions(of:)`).
    private var resolved: ResolvedLayout?

    init(connection: OpaquePointer, sql: String, persistent: Bool) throws(DatabaseError) {
        self.connection = connection
        self.sql = sql
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        // The tail points into the temporary C string: inspect it inside the closure.
        let (code, hasMoreStatements) = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(connection, text, -1, flags, &statement, &tail)
            guard code == SQLITE_OK, let tail, tail.pointee != 0 else { return (code, false) }
            // Whatever follows must compile to nothing (whitespace, `;`, comments).
            var next: OpaquePointer?
            let nextCode = sqlite3_prepare_v2(connection, tail, -1, &next, nil)
            sqlite3_finalize(next)
            return (code, nextCode != SQLITE_OK || next != nil)
        }
        guard code == SQLITE_OK else { throw .fromConnection(connection, code: code, sql: sql) }
        guard let statement else { throw .misuse("no statement in SQL (empty or only comments)", sql: sql) }
        if hasMoreStatements {
            sqlite3_finalize(statement)
            throw .misuse("more than one statement; use executeScript for scripts", sql: sql)
        }
        self.handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    /// The number of `?` / `:name` parameters.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// True when the statement does not write (SELECT, most PRAGMAs).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    /// Runs the statement with `arguments` and discards rows.
    public func execute(_ arguments: [any SQLValueConvertible] = []) throws(DatabaseError) {
        try run(arguments) { _ throws(DatabaseError) in }
    }

    /// Runs the statement with `arguments` and returns every row.
    public func query(_ arguments: [any SQLValueConvertible] = []) throws(DatabaseError) -> [Row] {
        var rows: [Row] = []
        try run(arguments) { row throws(DatabaseError) in rows.append(row) }
        return rows
    }

    /// Binds, steps to completion handing each row to `body`, then resets and clears bindings.
    func run(_ arguments: [any SQLValueConvertible], _ body: (Row) throws(DatabaseError) -> Void) throws(DatabaseError) {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        try bind(arguments)
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_ROW: try body(readRow())
            case SQLITE_DONE: return
            default:
                // sqlite3_step's own code is generic for some errors; reset reports the real one.
                let resetCode = sqlite3_reset(handle)
                throw .fromConnection(connection, code: resetCode != SQLITE_OK ? resetCode : code, sql: sql)
            }
        }
    }

    /// Binds, then hands each row to `body` in place (no values copied) until it returns
    /// false or the rows end; resets and clears bindings after.
    func forEachRow(_ arguments: [any SQLValueConvertible], layout: ColumnLayout,
                    _ body: (StatementRow) throws -> Bool) throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        try bind(arguments)
        var row: StatementRow?
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_ROW:
                if row == nil { row = StatementRow(handle: handle, positions: try positions(of: layout)) }
                guard try body(row.unsafelyUnwrapped) else { return }
            case SQLITE_DONE: return
            default:
                let resetCode = sqlite3_reset(handle)
                throw DatabaseError.fromConnection(connection, code: resetCode != SQLITE_OK ? resetCode : code, sql: sql)
            }
        }
    }

    /// The result positions of `layout`'s names, resolved on first use and again only after
    /// SQLite re-prepared the statement. A name the result lacks throws `noSuchColumn`.
    func positions(of layout: ColumnLayout) throws(DatabaseError) -> [Int32] {
        let prepares = sqlite3_stmt_status(handle, SQLITE_STMTSTATUS_REPREPARE, 0)
        if let resolved, resolved.layout === layout, resolved.prepareCount == prepares {
            return resolved.positions
        }
        let count = sqlite3_column_count(handle)
        let names = (0..<count).map { String(cString: sqlite3_column_name(handle, $0)) }
        var positions: [Int32] = []
        for name in layout.names {
            // First occurrence wins, as in `Row`; names compare as SQLite's do (ASCII case-insensitive).
            guard let index = names.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
                throw .noSuchColumn(name)
            }
            positions.append(Int32(index))
        }
        resolved = ResolvedLayout(layout: layout, prepareCount: prepares, positions: positions)
        return positions
    }

    private func bind(_ arguments: [any SQLValueConvertible]) throws(DatabaseError) {
        guard arguments.count == parameterCount else {
            throw .misuse("statement expects \(parameterCount) arguments, got \(arguments.count)", sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch argument.sqlValue {
            case .integer(let value): code = sqlite3_bind_int64(handle, index, value)
            case .real(let value): code = sqlite3_bind_double(handle, index, value)
            case .null: code = sqlite3_bind_null(handle, index)
            case .text(let value):
                code = bindText(value, at: index)
            case .blob(let bytes):
                // An empty buffer may have no base address, which SQLite would bind as NULL.
                code = bytes.isEmpty
                    ? sqlite3_bind_zeroblob(handle, index, 0)
                    : bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), checkout_sqlite_transient()) }
            }
            guard code == SQLITE_OK else { throw .fromConnection(connection, code: code, sql: sql) }
        }
    }

    /// The explicit byte length keeps interior NULs; TRANSIENT makes SQLite copy the bytes
    /// during the call, so they are lent straight from the string (no C-string copy of it).
    private func bindText(_ value: String, at index: Int32) -> Int32 {
        let lent = value.utf8.withContiguousStorageIfAvailable { bytes in
            // An empty text may lend no address, which SQLite would bind as NULL.
            bytes.baseAddress.map { base in
                UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(bytes.count), checkout_sqlite_transient())
                }
            }
        }
        if let lent, let code = lent { return code }
        return sqlite3_bind_text(handle, index, value, Int32(value.utf8.count), checkout_sqlite_transient())
    }

    private func readRow() -> Row {
        let count = sqlite3_column_count(handle)
        let prepares = sqlite3_stmt_status(handle, SQLITE_STMTSTATUS_REPREPARE, 0)
        let columns: RowColumns
        if let known = self.columns, prepares == columnsPrepareCount {
            columns = known
        } else {
            columns = RowColumns(names: (0..<count).map { String(cString: sqlite3_column_name(handle, $0)) })
            self.columns = columns
            columnsPrepareCount = prepares
        }
        var values: [SQLValue] = []
        values.reserveCapacity(Int(count))
        for column in 0..<count {
            values.append(readValue(column))
        }
        return Row(columns: columns, values: values)
    }

    private func readValue(_ column: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let length = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(handle, column))
            guard length > 0, let bytes = sqlite3_column_blob(handle, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
        default:
            return .null
        }
    }
}
