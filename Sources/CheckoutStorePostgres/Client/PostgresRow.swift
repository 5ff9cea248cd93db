import CheckoutCore

/// The column names of one result, shared by its rows.
final class PostgresColumns: Sendable {
    let names: [String]
    private let indexByName: [String: Int]

    init(names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        self.indexByName = index
    }

    func index(of name: String) -> Int? { indexByName[name] }
}

/// One row of a result, read by column name with typed getters that throw `PostgresError`
/// (kind `.decoding`) when the column is missing or holds another type.
public struct PostgresRow: Sendable {
    let columns: PostgresColumns
    /// The values in column order.
    public let values: [PostgresValue]

    init(columns: PostgresColumns, values: [PostgresValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of `column`, `.null` when there is no such column.
    public subscript(_ column: String) -> PostgresValue {
        columns.index(of: column).map { values[$0] } ?? .null
    }

    private func value(_ column: String) throws(PostgresError) -> PostgresValue {
        guard let index = columns.index(of: column) else { throw .decoding("no column named \(column) in the row") }
        return values[index]
    }

    private func mismatch(_ column: String, _ expected: String, _ found: PostgresValue) -> PostgresError {
        .decoding("column \(column) holds \(found.typeName), expected \(expected)")
    }

    private func required<T>(_ column: String, _ expected: String, _ value: T?) throws(PostgresError) -> T {
        guard let value else { throw mismatch(column, expected, .null) }
        return value
    }

    public func optionalInt64(_ column: String) throws(PostgresError) -> Int64? {
        switch try value(column) {
        case .integer(let value): return value
        case .null: return nil
        case let other: throw mismatch(column, "integer", other)
        }
    }

    public func int64(_ column: String) throws(PostgresError) -> Int64 {
        try required(column, "integer", optionalInt64(column))
    }

    public func optionalInt(_ column: String) throws(PostgresError) -> Int? { try optionalInt64(column).map { Int($0) } }

    public func int(_ column: String) throws(PostgresError) -> Int { Int(try int64(column)) }

    public func optionalBool(_ column: String) throws(PostgresError) -> Bool? {
        switch try value(column) {
        case .bool(let value): return value
        case .null: return nil
        case let other: throw mismatch(column, "boolean", other)
        }
    }

    public func bool(_ column: String) throws(PostgresError) -> Bool { try required(column, "boolean", optionalBool(column)) }

    public func optionalString(_ column: String) throws(PostgresError) -> String? {
        switch try value(column) {
        case .text(let value): return value
        case .null: return nil
        case let other: throw mismatch(column, "text", other)
        }
    }

    public func string(_ column: String) throws(PostgresError) -> String { try required(column, "text", optionalString(column)) }

    public func optionalBytes(_ column: String) throws(PostgresError) -> [UInt8]? {
        switch try value(column) {
        case .bytes(let value): return value
        case .null: return nil
        case let other: throw mismatch(column, "bytea", other)
        }
    }

    public func bytes(_ column: String) throws(PostgresError) -> [UInt8] { try required(column, "bytea", optionalBytes(column)) }

    public func optionalTimestamp(_ column: String) throws(PostgresError) -> Timestamp? {
        switch try value(column) {
        case .timestamp(let value): return value
        case .null: return nil
        case let other: throw mismatch(column, "timestamptz", other)
        }
    }

    public func timestamp(_ column: String) throws(PostgresError) -> Timestamp {
        try required(column, "timestamptz", optionalTimestamp(column))
    }
}
