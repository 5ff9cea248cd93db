import CheckoutCore

/// Row ⇄ model mapping shared by the PostgreSQL stores.
enum PostgresRecords {
    static let productColumns = "id, shop_id, title, description, image_url, price, currency, stock, active, commission_bps, created_at, updated_at"

    /// `productColumns` qualified with the table alias `p`.
    static let prefixedProductColumns = productColumns.split(separator: ",")
        .map { "p." + String($0).trimmingWhitespace() }.joined(separator: ", ")

    static func product(_ row: PostgresRow) throws -> Product {
        Product(id: try row.string("id"), shopID: try row.string("shop_id"), title: try row.string("title"),
                description: try row.optionalString("description"), imageURL: try row.optionalString("image_url"),
                price: try row.int64("price"), currency: Currency(unchecked: try row.string("currency")),
                stock: try row.optionalInt64("stock"), active: try row.bool("active"),
                commissionBps: try row.optionalInt("commission_bps"),
                createdAt: try row.timestamp("created_at"), updatedAt: try row.timestamp("updated_at"))
    }

    /// The product `id`; `lock` takes its row lock until the transaction ends.
    static func product(_ db: PostgresConnection, id: String, lock: Bool = false) throws -> Product? {
        try db.queryOne("SELECT \(productColumns) FROM products WHERE id = $1" + (lock ? " FOR UPDATE" : ""), [id])
            .map(product)
    }

    static func shop(_ row: PostgresRow) throws -> Shop {
        Shop(id: try row.string("id"), name: try row.string("name"),
             currency: Currency(unchecked: try row.string("currency")), createdAt: try row.timestamp("created_at"))
    }

    static func user(_ row: PostgresRow) throws -> User {
        let platform = try row.string("platform")
        guard let value = ShopperPlatform(rawValue: platform) else {
            throw StorageError(.corrupt, "unknown platform \(platform)")
        }
        return User(id: try row.string("id"), platform: value, openid: try row.string("openid"),
                    createdAt: try row.timestamp("created_at"))
    }
}

/// Newest-first keyset pagination over `(created_at, id)` as one row comparison.
enum PostgresKeyset {
    /// `AND (alias.created_at, alias.id) < ($n, $n+1)`, or "" for the first page.
    static func condition(_ cursor: (createdAt: Timestamp, id: String)?, alias: String? = nil, firstIndex: Int) -> String {
        let p = alias.map { $0 + "." } ?? ""
        return cursor == nil ? "" : " AND (\(p)created_at, \(p)id) < ($\(firstIndex), $\(firstIndex + 1))"
    }

    static func arguments(_ cursor: (createdAt: Timestamp, id: String)?) -> [any PostgresBindable] {
        guard let cursor else { return [] }
        return [cursor.createdAt, cursor.id]
    }

    /// Looks up `page.startingAfter` in `table` within the scope.
    /// - Throws: `invalid_request` (`starting_after`) when it is not a row of that scope.
    static func cursor(_ db: PostgresConnection, page: PageRequest, table: StaticString, scopeColumn: StaticString,
                       scope: String) throws -> (createdAt: Timestamp, id: String)? {
        guard let id = page.startingAfter else { return nil }
        guard let row = try db.queryOne("SELECT created_at FROM \(table) WHERE id = $1 AND \(scopeColumn) = $2", [id, scope]) else {
            throw CheckoutError.invalidRequest("starting_after is not an object of this list.", param: "starting_after")
        }
        return (try row.timestamp("created_at"), id)
    }
}
