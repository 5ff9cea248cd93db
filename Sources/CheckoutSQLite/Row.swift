/// The column names of one result set, shared by all its rows.
final class RowColumns: Sendable {
    let names: [String]
    /// The UTF-8 length of each name: a lookup compares only the names of its length.
    private let lengths: [Int]
    let indexByName: [String: Int]
    /// Every name lower-case and unique (as in our schema): the first exact match is then the
    /// answer, found by comparing a few short strings instead of hashing one per lookup.
    private let scannable: Bool

    init(names: [String]) {
        self.names = names
        lengths = names.map(\.utf8.count)
        scannable = names.count <= 32 && Set(names).count == names.count && names.allSatisfy { $0 == $0.lowercased() }
        var index: [String: Int] = [:]
        // First occurrence wins, as in SQLite's own name lookup.
        for (position, name) in names.enumerated() where index[name] == nil {
            index[name] = position
            index[name.lowercased()] = index[name.lowercased()] ?? position
        }
        self.indexByName = index
    }

    func index(of name: String) -> Int? {
        if scannable {
            let length = name.utf8.count
            for position in names.indices where lengths[position] == length && names[position] == name {
                return position
            }
        }
        return indexByName[name] ?? indexByName[name.lowercased()]
    }
}

/// One row of a result, read by column name or index.
///
/// Subscripts return `.null` for an unknown column; the typed getters throw `DatabaseError`
/// when the column is missing or holds another storage class (an INTEGER reads as `Double`).
public struct Row: Sendable {
    let columns: RowColumns
    /// The values in column order.
    public let values: [SQLValue]

    init(columns: RowColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The column names in order.
    public var columnNames: [String] { columns.names }

    /// The value of `column` (case-insensitive), `.null` when there is no such column.
    public subscript(_ column: String) -> SQLValue {
        guard let index = columns.index(of: column) else { return .null }
        return values[index]
    }

    /// The value at `index` (0-based), `.null` when out of range.
    public subscript(_ index: Int) -> SQLValue {
        values.indices.contains(index) ? values[index] : .null
    }

    func value(_ column: String) throws(DatabaseError) -> SQLValue {
        guard let index = columns.index(of: column) else { throw .noSuchColumn(column) }
        return values[index]
    }

    public func int64(_ column: String) throws(DatabaseError) -> Int64 {
        guard let value = try optionalInt64(column) else { throw .columnMismatch(column, expected: "INTEGER", found: .null) }
        return value
    }

    public func optionalInt64(_ column: String) throws(DatabaseError) -> Int64? {
        switch try value(column) {
        case .integer(let value): return value
        case .null: return nil
        case let other: throw .columnMismatch(column, expected: "INTEGER", found: other)
        }
    }

    public func int(_ column: String) throws(DatabaseError) -> Int { Int(try int64(column)) }

    public func optionalInt(_ column: String) throws(DatabaseError) -> Int? { try optionalInt64(column).map { Int($0) } }

    /// Reads 0 as false and any other integer as true.
    public func bool(_ column: String) throws(DatabaseError) -> Bool { try int64(column) != 0 }

    public func optionalBool(_ column: String) throws(DatabaseError) -> Bool? { try optionalInt64(column).map { $0 != 0 } }

    public func double(_ column: String) throws(DatabaseError) -> Double {
        guard let value = try optionalDouble(column) else { throw .columnMismatch(column, expected: "REAL", found: .null) }
        return value
    }

    public func optionalDouble(_ column: String) throws(DatabaseError) -> Double? {
        switch try value(column) {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        case .null: return nil
        case let other: throw .columnMismatch(column, expected: "REAL", found: other)
        }
    }

    public func string(_ column: String) throws(DatabaseError) -> String {
        guard let value = try optionalString(column) else { throw .columnMismatch(column, expected: "TEXT", found: .null) }
        return value
    }

    public func optionalString(_ column: String) throws(DatabaseError) -> String? {
        switch try value(column) {
        case .text(let value): return value
        case .null: return nil
        case let other: throw .columnMismatch(column, expected: "TEXT", found: other)
        }
    }

    public func bytes(_ column: String) throws(DatabaseError) -> [UInt8] {
        guard let value = try optionalBytes(column) else { throw .columnMismatch(column, expected: "BLOB", found: .null) }
        return value
    }

    public func optionalBytes(_ column: String) throws(DatabaseError) -> [UInt8]? {
        switch try value(column) {
        case .blob(let value): return value
        case .null: return nil
        case let other: throw .columnMismatch(column, expected: "BLOB", found: other)
        }
    }
}
