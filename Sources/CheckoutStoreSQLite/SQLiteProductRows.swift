import CheckoutCore
import CheckoutSQLite

/// Products read in place: rows of `layout` handed over as `ProductRecord`s without copying
/// their text (the models, when wanted, are made from the records).
enum SQLiteProductRows {
    /// The product columns in `ProductRecord`'s order (the field numbers below).
    static let layout = ColumnLayout([
        "id", "shop_id", "title", "description", "image_url", "price", "currency", "stock", "active", "commission_bps",
        "created_at", "updated_at",
    ])

    static let byIDSQL = "SELECT \(layout.selectList) FROM products WHERE id = ?"

    /// The current row as a record; types are checked as `Row`'s getters check them.
    static func record(_ row: StatementRow) throws -> ProductRecord {
        ProductRecord(id: try row.text(0), shopID: try row.text(1), title: try row.text(2),
                      description: try row.optionalText(3), imageURL: try row.optionalText(4), price: try row.int64(5),
                      currency: try row.text(6), stock: try row.optionalInt64(7), active: try row.int64(8) != 0,
                      commissionBps: try row.optionalInt64(9), createdAt: Timestamp(milliseconds: try row.int64(10)),
                      updatedAt: Timestamp(milliseconds: try row.int64(11)))
    }

    /// Product `id` handed to `body` (nil when there is none); the value is `body`'s.
    static func withProduct<R>(_ db: Database, id: String, _ body: (ProductRecord?) throws -> R) throws -> R {
        var result: R?
        try db.forEachRow(byIDSQL, [id], layout: layout) { row in
            result = try body(try record(row))
            return false  // a primary key: one row, no second step
        }
        if let result { return result }
        return try body(nil)
    }

    /// Up to `limit` rows of `sql` handed to `each`; true when a row past them exists (the
    /// statement asks for `limit + 1`).
    static func page(_ db: Database, _ sql: String, _ arguments: [any SQLValueConvertible], limit: Int,
                     _ each: (ProductRecord) throws -> Void) throws -> (count: Int, hasMore: Bool) {
        var count = 0
        var hasMore = false
        try db.forEachRow(sql, arguments, layout: layout) { row in
            guard count < limit else {
                hasMore = true
                return false
            }
            try each(try record(row))
            count += 1
            return true
        }
        return (count, hasMore)
    }
}
