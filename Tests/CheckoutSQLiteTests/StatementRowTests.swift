import CheckoutSQLite
import Testing

/// Rows read in place (`Database.forEachRow`): fields by a layout resolved once per prepared
/// statement, the same values and the same errors as `Row`'s getters, early stops.
@Suite struct StatementRowTests {
    static func database() throws -> Database {
        let database = try Database(path: ":memory:")
        try database.executeScript("""
            CREATE TABLE tea (id INTEGER PRIMARY KEY, name TEXT, grams INTEGER, note TEXT, price REAL, raw BLOB);
            INSERT INTO tea VALUES (1, 'Oolong', 50, NULL, 1.5, x'00ff');
            INSERT INTO tea VALUES (2, '中文 "x" ' || char(0) || 'z', NULL, '', 2.0, NULL);
            INSERT INTO tea VALUES (3, 'Puer', 9223372036854775807, 'n', 3.0, NULL);
            """)
        return database
    }

    /// Fields in the reader's order, not the SELECT's; names match case-insensitively.
    static let layout = ColumnLayout(["grams", "NAME", "id", "note"])

    @Test func fieldsReadByLayoutMatchRowsReadByName() throws {
        let database = try Self.database()
        let sql = "SELECT id, name, grams, note FROM tea ORDER BY id"
        let rows = try database.query(sql)
        var index = 0
        try database.forEachRow(sql, [], layout: Self.layout) { row in
            let expected = rows[index]
            let grams = try expected.optionalInt64("grams"), name = try expected.string("name")
            let id = try expected.int64("id"), note = try expected.optionalString("note")
            #expect(try row.optionalInt64(0) == grams)
            #expect(try String(decoding: row.text(1), as: UTF8.self) == name)
            #expect(try row.int64(2) == id)
            #expect(try row.optionalText(3).map { String(decoding: $0, as: UTF8.self) } == note)
            #expect(row.isNull(3) == expected["note"].isNull)
            index += 1
            return true
        }
        #expect(index == 3)
    }

    @Test func bodyReturningFalse_StopsAndTheStatementRunsAgain() throws {
        let database = try Self.database()
        for _ in 0..<3 {
            var seen: [Int64] = []
            try database.forEachRow("SELECT id FROM tea ORDER BY id", [], layout: ColumnLayout(["id"])) { row in
                seen.append(try row.int64(0))
                return seen.count < 2
            }
            #expect(seen == [1, 2])
        }
    }

    @Test func anotherStorageClass_ThrowsWhatRowThrows() throws {
        let database = try Self.database()
        let sql = "SELECT name, grams, price, raw FROM tea WHERE id = ?"
        let row = try #require(try database.queryOne(sql, [1]))
        let layout = ColumnLayout(["name", "grams", "price", "raw"])
        try database.forEachRow(sql, [1], layout: layout) { fields in
            #expect(Self.error { _ = try fields.int64(0) } == Self.error { _ = try row.int64("name") })
            #expect(Self.error { _ = try fields.text(1) } == Self.error { _ = try row.string("grams") })
            #expect(Self.error { _ = try fields.optionalInt64(2) } == Self.error { _ = try row.optionalInt64("price") })
            #expect(Self.error { _ = try fields.optionalText(3) } == Self.error { _ = try row.optionalString("raw") })
            #expect(Self.error { _ = try fields.int64(0) }?.contains("column name holds TEXT, expected INTEGER") == true)
            return false
        }
        try database.forEachRow("SELECT note FROM tea WHERE id = 1", [], layout: ColumnLayout(["note"])) { fields in
            #expect(Self.error { _ = try fields.text(0) }?.contains("holds NULL, expected TEXT") == true)
            return false
        }
    }

    @Test func aNameTheResultLacks_ThrowsNoSuchColumn() throws {
        let database = try Self.database()
        #expect(throws: DatabaseError.self) {
            try database.forEachRow("SELECT id FROM tea", [], layout: ColumnLayout(["id", "missing"])) { _ in true }
        }
    }

    @Test func aSchemaChange_ResolvesTheLayoutAgain() throws {
        let database = try Self.database()
        let sql = "SELECT * FROM tea WHERE id = ?"
        let layout = ColumnLayout(["name", "grams"])
        func read() throws -> (String, Int64?) {
            var result = ("", Int64?.none)
            try database.forEachRow(sql, [1], layout: layout) { row in
                result = (String(decoding: try row.text(0), as: UTF8.self), try row.optionalInt64(1))
                return false
            }
            return result
        }
        #expect(try read() == ("Oolong", 50))
        // A column added in front moves every position: the re-prepared statement re-resolves.
        try database.executeScript("""
            CREATE TABLE tea2 (origin TEXT, id INTEGER PRIMARY KEY, name TEXT, grams INTEGER, note TEXT, price REAL, raw BLOB);
            INSERT INTO tea2 SELECT 'Fujian', * FROM tea; DROP TABLE tea; ALTER TABLE tea2 RENAME TO tea;
            """)
        #expect(try read() == ("Oolong", 50))
    }

    static func error(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }
}
