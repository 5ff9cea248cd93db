import CPostgres

/// Reads a `PGresult` (binary format) into rows.
enum PostgresResultReader {
    /// `PG_DIAG_SQLSTATE` ('C') and `PG_DIAG_MESSAGE_PRIMARY` ('M'): character macros Swift cannot import.
    static let sqlStateField = Int32(UInt8(ascii: "C"))
    static let messageField = Int32(UInt8(ascii: "M"))

    static func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        PQresultErrorField(result, code).map { String(cString: $0) }
    }

    static func rows(of result: OpaquePointer, sql: String) throws(PostgresError) -> [PostgresRow] {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        guard columnCount > 0 else { return [] }
        let columns = PostgresColumns(names: (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) })
        let types = (0..<columnCount).map { PQftype(result, Int32($0)) }
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [PostgresValue] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) != 0 {
                    values.append(.null)
                    continue
                }
                let length = Int(PQgetlength(result, row, column))
                let bytes = UnsafeRawPointer(PQgetvalue(result, row, column)!).assumingMemoryBound(to: UInt8.self)
                guard let value = PostgresBinaryDecoder.decode(UnsafeBufferPointer(start: bytes, count: length),
                                                               type: types[Int(column)]) else {
                    throw .decoding("column \(columns.names[Int(column)]) has type oid \(types[Int(column)]), "
                                    + "which this layer does not read (cast it in SQL)", sql: sql)
                }
                values.append(value)
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        return rows
    }
}
