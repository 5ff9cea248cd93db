import CheckoutCore
import CheckoutSQLite

/// Row ⇄ model mapping shared by the SQLite stores.
enum SQLiteRecords {
    /// The product columns, in `ProductRecord`'s order.
    static let productColumns = SQLiteProductRows.layout.selectList

    /// `productColumns` qualified with the table alias `p`.
    static let prefixedProductColumns = productColumns.split(separator: ",")
        .map { "p." + String($0).trimmingWhitespace() }.joined(separator: ", ")

    static func product(_ row: Row) throws -> Product {
        Product(id: try row.string("id"), shopID: try row.string("shop_id"), title: try row.string("title"),
                description: try row.optionalString("description"), imageURL: try row.optionalString("image_url"),
                price: try row.int64("price"), currency: Currency(unchecked: try row.string("currency")),
                stock: try row.optionalInt64("stock"), active: try row.bool("active"),
                commissionBps: try row.optionalInt("commission_bps"),
                createdAt: Timestamp(milliseconds: try row.int64("created_at")),
                updatedAt: Timestamp(milliseconds: try row.int64("updated_at")))
    }

    static func product(_ db: Database, id: String) throws -> Product? {
        try SQLiteProductRows.withProduct(db, id: id) { $0?.product }
    }

    static func shop(_ row: Row) throws -> Shop {
        Shop(id: try row.string("id"), name: try row.string("name"),
             currency: Currency(unchecked: try row.string("currency")),
             createdAt: Timestamp(milliseconds: try row.int64("created_at")))
    }

    static func user(_ row: Row) throws -> User {
        let platform = try row.string("platform")
        guard let value = ShopperPlatform(rawValue: platform) else {
            throw StorageError(.corrupt, "unknown platform \(platform)")
        }
        return User(id: try row.string("id"), platform: value, openid: try row.string("openid"),
                    createdAt: Timestamp(milliseconds: try row.int64("created_at")))
    }

    static func timestamp(_ row: Row, _ column: String) throws -> Timestamp? {
        try row.optionalInt64(column).map(Timestamp.init(milliseconds:))
    }
}
