import CheckoutCore
import CheckoutSQLite
import Foundation
import Testing
@testable import CheckoutStoreSQLite

/// Every index on `orders` is there for a query that uses it (each query's plan names it and
/// sorts nothing), and a database made before migration 6 upgrades: the two unused indexes go,
/// and the queries they might have served still answer the same rows.
@Suite struct OrderIndexTests {
    static func withFolder(_ body: (String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-order-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(folder.appendingPathComponent("checkout.sqlite").path)
    }

    /// The query of each index left on `orders`, as the stores run it.
    static let queries: [(index: String, sql: String)] = [
        ("orders_by_user", SQLiteOrderRecords.selectWithPayment
            + " WHERE o.user_id = ? AND o.status = ? ORDER BY o.created_at DESC, o.id DESC LIMIT ?"),
        ("orders_by_user", SQLiteOrderRecords.selectWithPayment
            + " WHERE o.user_id = ? ORDER BY o.created_at DESC, o.id DESC LIMIT ?"),
        ("orders_by_shop", SQLiteOrderRecords.selectWithPayment
            + " WHERE o.shop_id = ? ORDER BY o.created_at DESC, o.id DESC LIMIT ?"),
        ("orders_by_shop_status", SQLiteOrderRecords.selectWithPayment
            + " WHERE o.shop_id = ? AND o.status = ? ORDER BY o.created_at DESC, o.id DESC LIMIT ?"),
        ("orders_pending_by_expiry", """
            SELECT id, shop_id FROM orders WHERE status = 'pending_payment' AND expires_at <= ?
            ORDER BY expires_at LIMIT ?
            """),
        ("sqlite_autoindex_orders_1", SQLiteOrderRecords.selectWithPayment + " WHERE o.id = ?"),
    ]

    /// The statements that read order lines, as the stores run them: each goes through the
    /// lines' primary key (order_id, position), none needs an index by product.
    static let lineQueries = [
        "SELECT product_id FROM order_items WHERE order_id = ?",
        "SELECT DISTINCT product_id FROM order_items WHERE order_id = ?",
        """
        UPDATE products SET stock = stock + (
            SELECT sum(quantity) FROM order_items WHERE order_id = ?1 AND product_id = products.id)
        WHERE stock IS NOT NULL AND id IN (SELECT product_id FROM order_items WHERE order_id = ?1)
        """,
    ]

    static func plan(_ db: Database, _ sql: String) throws -> String {
        // The plan does not depend on the values bound (no partial index here takes a parameter).
        // `?1` everywhere is one parameter.
        let count = sql.contains("?1") ? 1 : sql.filter { $0 == "?" }.count
        let arguments = [any SQLValueConvertible](repeating: 1, count: count)
        return try db.query("EXPLAIN QUERY PLAN " + sql, arguments).map { try $0.string("detail") }.joined(separator: "; ")
    }

    static func orderIndexes(_ db: Database) throws -> Set<String> {
        Set(try db.query("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders'")
            .map { try $0.string("name") })
    }

    @Test func eachOrdersIndexServesItsQuery_AndNoneIsLeftWithout() async throws {
        try await Self.withFolder { path in
            let storage = try SQLiteStorage.open(path: path)
            defer { storage.close() }
            try storage.writer.writeAndWait { db in
                for (index, sql) in Self.queries {
                    let plan = try Self.plan(db, sql)
                    #expect(plan.contains("USING INDEX \(index)") || plan.contains("USING COVERING INDEX \(index)"),
                            "\(index): \(plan)")
                    #expect(!plan.contains("TEMP B-TREE"), "\(index) sorts: \(plan)")
                }
                #expect(try Self.orderIndexes(db) == Set(Self.queries.map(\.index)))
            }
        }
    }

    @Test func orderLinesAreReadByTheirOrder_AndHaveNoOtherIndex() async throws {
        try await Self.withFolder { path in
            let storage = try SQLiteStorage.open(path: path)
            defer { storage.close() }
            try storage.writer.writeAndWait { db in
                for sql in Self.lineQueries {
                    let plan = try Self.plan(db, sql)
                    let lines = plan.split(separator: ";").filter { $0.contains("order_items") }
                    #expect(!lines.isEmpty && lines.allSatisfy { $0.contains("USING PRIMARY KEY (order_id=?)") }, "\(plan)")
                }
                let indexes = try db.query("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'order_items'")
                #expect(indexes.isEmpty)
            }
        }
    }

    @Test func aVersion5DatabaseUpgrades_AndAShoppersOrdersByStatusStayTheSame() async throws {
        try await Self.withFolder { path in
            // A database as the fifth migration left it, with orders of two shoppers.
            let old = try DatabaseWriter(path: path)
            _ = try Migrator(migrations: Array(CheckoutSchema.migrations.prefix(5))).migrate(old)
            try old.writeAndWait { db in
                #expect(try Self.orderIndexes(db).isSuperset(of: ["orders_by_user_status", "orders_by_share_code"]))
                try db.execute("INSERT INTO shops VALUES ('shop_a', 'A', 'CNY', 'hash', 0)")
                for user in ["usr_a", "usr_b"] {
                    try db.execute("INSERT INTO users VALUES (?, 'sandbox', ?, 0)", [user, user])
                }
                let statuses = ["pending_payment", "paid", "cancelled"]
                for n in 0..<30 {
                    try db.execute("""
                        INSERT INTO orders (id, shop_id, user_id, status, amount_total, currency, shipping,
                            share_code, created_at, expires_at)
                        VALUES (?, 'shop_a', ?, ?, 100, 'CNY', '{"address":"1 Road","name":"A","phone":"1"}', ?, ?, ?)
                        """, [String(format: "ord_%03d", n), n % 2 == 0 ? "usr_a" : "usr_b", statuses[n % 3],
                              n % 4 == 0 ? "shareCode1" : nil, n / 5, 1_000_000])
                }
            }
            old.close()

            let storage = try SQLiteStorage.open(path: path)
            defer { storage.close() }
            let upgraded = try storage.writer.writeAndWait { db in try Self.orderIndexes(db) }
            #expect(upgraded == Set(Self.queries.map(\.index)))
            #expect(try CheckoutSchema.migrator.currentVersion(storage.writer) == CheckoutSchema.migrations.count)
            let orders = SQLiteOrderStore(storage)
            for status in [OrderStatus.pendingPayment, .paid, .cancelled] {
                var seen: [String] = []
                var page = try PageRequest(limit: 2)
                while true {
                    let got = try await orders.orders(of: .user("usr_a"), status: status, page: page)
                    seen += got.data.map(\.id)
                    guard got.hasMore, let last = got.data.last else { break }
                    page = try PageRequest(limit: 2, startingAfter: last.id)
                }
                // Newest first by (created_at, id), this shopper and status only.
                let expected = (0..<30).filter { $0 % 2 == 0 && ["pending_payment", "paid", "cancelled"][$0 % 3] == status.rawValue }
                    .sorted { ($0 / 5, $0) > ($1 / 5, $1) }.map { String(format: "ord_%03d", $0) }
                #expect(seen == expected, "\(status)")
            }
        }
    }
}
