import CSQLite

/// The current row of a statement being stepped, read in place by layout field (see
/// `Database.forEachRow`). Text is borrowed from SQLite's own buffer: a pointer it returns is
/// valid only until the body that received this row returns (the next step or the reset
/// frees or reuses it), so copy what must outlive the call.
///
/// Typed reads check the storage class as `Row`'s do and throw the same `DatabaseError`
/// (`SQLITE_MISMATCH`, naming the column) for another class.
public struct StatementRow {
    let handle: OpaquePointer
    let positions: [Int32]

    /// Whether field `field` is NULL.
    public func isNull(_ field: Int) -> Bool {
        sqlite3_value_type(value(field)) == SQLITE_NULL
    }

    /// Field `field` as INTEGER; NULL or another class throws.
    public func int64(_ field: Int) throws(DatabaseError) -> Int64 {
        let value = value(field)
        guard sqlite3_value_type(value) == SQLITE_INTEGER else { throw mismatch(field, expected: "INTEGER") }
        return sqlite3_value_int64(value)
    }

    /// Field `field` as INTEGER, nil for NULL; another class throws.
    public func optionalInt64(_ field: Int) throws(DatabaseError) -> Int64? {
        let value = value(field)
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: return sqlite3_value_int64(value)
        case SQLITE_NULL: return nil
        default: throw mismatch(field, expected: "INTEGER")
        }
    }

    /// Field `field`'s TEXT bytes (UTF-8 as stored, not validated), borrowed until the body
    /// returns; NULL or another class throws.
    public func text(_ field: Int) throws(DatabaseError) -> UnsafeBufferPointer<UInt8> {
        guard let text = try optionalText(field) else { throw mismatch(field, expected: "TEXT") }
        return text
    }

    /// Field `field`'s TEXT bytes, nil for NULL; another class throws. Borrowed, as `text(_:)`.
    public func optionalText(_ field: Int) throws(DatabaseError) -> UnsafeBufferPointer<UInt8>? {
        let value = value(field)
        switch sqlite3_value_type(value) {
        case SQLITE_TEXT:
            // Ask for the pointer first: it may convert the value, and the length then counts that.
            let start = sqlite3_value_text(value)
            return UnsafeBufferPointer(start: start, count: Int(sqlite3_value_bytes(value)))
        case SQLITE_NULL: return nil
        default: throw mismatch(field, expected: "TEXT")
        }
    }

    /// Field `field`'s value, fetched once for its class and contents: one `sqlite3_column_*`
    /// call (each takes the connection's mutex and checks for a failed allocation) instead of
    /// one per question. The value is SQLite's "unprotected" kind, which is safe here: a
    /// connection is used by one thread at a time, and it is read before the next step.
    @inline(__always)
    private func value(_ field: Int) -> OpaquePointer {
        sqlite3_column_value(handle, positions[field])
    }

    /// The error `Row`'s typed getters throw for the same mismatch (the slow path only).
    private func mismatch(_ field: Int, expected: String) -> DatabaseError {
        let column = positions[field]
        let name = String(cString: sqlite3_column_name(handle, column))
        let found: SQLValue = switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT: .text(String(cString: sqlite3_column_text(handle, column)))
        case SQLITE_BLOB: .blob([])
        default: .null
        }
        return .columnMismatch(name, expected: expected, found: found)
    }
}
