import CheckoutSQLite
import Testing

/// A cached statement keeps its column names between runs and reads them again when a
/// schema change re-prepares it.
@Suite struct StatementColumnsTests {
    @Test func cachedStatementSeesRenamedAndAddedColumns() throws {
        let database = try Database(path: ":memory:")
        try database.executeScript("CREATE TABLE tea (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO tea VALUES (1, 'Oolong');")
        for _ in 0..<3 {
            let row = try #require(try database.queryOne("SELECT * FROM tea WHERE id = ?", [1]))
            #expect(row.columnNames == ["id", "name"])
            #expect(try row.string("name") == "Oolong")
        }
        try database.execute("ALTER TABLE tea RENAME COLUMN name TO title")
        let renamed = try #require(try database.queryOne("SELECT * FROM tea WHERE id = ?", [1]))
        #expect(renamed.columnNames == ["id", "title"])
        #expect(try renamed.string("title") == "Oolong")
        #expect(renamed["name"] == .null)
        try database.execute("ALTER TABLE tea ADD COLUMN grams INTEGER DEFAULT 50")
        let added = try database.query("SELECT * FROM tea WHERE id = ?", [1])
        #expect(added.first?.columnNames == ["id", "title", "grams"])
        #expect(try added.first?.int("grams") == 50)
    }
}

/// Column lookup by name: first match wins, case-insensitively, whether the names are plain
/// (scanned) or mixed-case and repeated (hashed).
@Suite struct RowColumnLookupTests {
    @Test func plainAndAwkwardNamesResolveAlike() throws {
        let database = try Database(path: ":memory:")
        let plain = try #require(try database.queryOne("SELECT 1 AS id, 2 AS name, 3 AS created_at"))
        #expect(try plain.int("created_at") == 3)
        #expect(try plain.int("NAME") == 2)
        #expect(plain["missing"] == .null)
        let awkward = try #require(try database.queryOne("SELECT 1 AS ID, 2 AS id, 3 AS Name, 4 AS name, 5 AS x, 6 AS x"))
        #expect(try awkward.int("id") == 1)
        #expect(try awkward.int("ID") == 1)
        #expect(try awkward.int("name") == 3)
        #expect(try awkward.int("nAmE") == 3)
        #expect(try awkward.int("x") == 5)
    }
}
