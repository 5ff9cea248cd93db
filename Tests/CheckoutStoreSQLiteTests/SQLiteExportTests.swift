import CheckoutCore
import CheckoutSQLite
import CheckoutStoreSQLite
import Foundation
import Testing

/// `SQLiteExport` reads a table in keyset pages on its primary key: every row exactly once, in
/// key order, never more than a page at a time (what `migrate-data` streams to PostgreSQL).
@Suite struct SQLiteExportTests {
    /// A migrated database with `count` idempotency keys (composite key `caller, key`), callers
    /// and keys inserted out of order.
    static func database(keys count: Int) throws -> (path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("export.sqlite").path
        try SQLiteStorage.open(path: path).close()
        let db = try Database(path: path)
        for index in (0..<count).reversed() {
            try db.execute("""
                INSERT INTO idempotency_keys (caller, key, endpoint, request_hash, state, response_status, created_at)
                VALUES (?, ?, 'POST /v1/x', 'h', 'completed', 201, ?)
                """, ["user:\(index % 5)", "key-\(String(index * 7919 % 1000, radix: 16))-\(index)", index])
        }
        return (path, folder)
    }

    @Test(arguments: [1, 7, 64, 1_000])
    func aTableReadInPages_GivesEveryRowOnceInKeyOrder(pageSize: Int) throws {
        let (path, folder) = try Self.database(keys: 250)
        defer { try? FileManager.default.removeItem(at: folder) }
        var pages: [StoredTable] = []
        let version = try SQLiteExport.withTables(path: path) { tables in
            try tables.scan("idempotency_keys", pageSize) { pages.append($0) }
            try tables.scan("products", pageSize) { _ in Issue.record("an empty table has no pages") }
            return tables.schemaVersion
        }
        #expect(version > 0)
        #expect(pages.count == (250 + pageSize - 1) / pageSize)
        #expect(pages.allSatisfy { $0.rows.count <= pageSize && $0.columns.first == "caller" })
        let columns = try #require(pages.first?.columns)
        let (caller, key) = (try #require(columns.firstIndex(of: "caller")), try #require(columns.firstIndex(of: "key")))
        let keys = pages.flatMap(\.rows).map { row -> [String] in
            [row[caller], row[key]].map { if case .text(let text) = $0 { text } else { "" } }
        }
        #expect(keys.count == 250)
        #expect(Set(keys.map { $0.joined(separator: "\u{0}") }).count == 250, "no row twice")
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) }, "in key order")
    }

    @Test func anUnknownTable_IsRefused() throws {
        let (path, folder) = try Self.database(keys: 0)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: StorageError.self) {
            try SQLiteExport.withTables(path: path) { tables in try tables.scan("no_such_table", 10) { _ in } }
        }
    }
}
