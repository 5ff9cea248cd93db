import CheckoutCore
import CheckoutSQLite

/// Newest-first keyset pagination over `(created_at, id)`: stable under inserts, O(page) per page.
enum Keyset {
    /// The SQL condition for rows after the cursor, or "" for the first page.
    /// - Parameter alias: the table alias to qualify the columns with, if any.
    static func condition(_ cursor: (createdAt: Int64, id: String)?, alias: String? = nil) -> String {
        let p = alias.map { $0 + "." } ?? ""
        return cursor == nil ? "" : " AND (\(p)created_at < ? OR (\(p)created_at = ? AND \(p)id < ?))"
    }

    static func arguments(_ cursor: (createdAt: Int64, id: String)?) -> [any SQLValueConvertible] {
        guard let cursor else { return [] }
        return [cursor.createdAt, cursor.createdAt, cursor.id]
    }

    /// Looks up `page.startingAfter` in `table` within the scope (`scopeColumn = scope`).
    /// - Throws: `invalid_request` (`starting_after`) when it is not a row of that scope.
    static func cursor(_ db: Database, page: PageRequest, table: StaticString, scopeColumn: StaticString,
                       scope: String) throws -> (createdAt: Int64, id: String)? {
        guard let id = page.startingAfter else { return nil }
        let sql = "SELECT created_at FROM \(table) WHERE id = ? AND \(scopeColumn) = ?"
        guard let row = try db.queryOne(sql, [id, scope]) else {
            throw CheckoutError.invalidRequest("starting_after is not an object of this list.",
                                               param: "starting_after")
        }
        return (try row.int64("created_at"), id)
    }
}
