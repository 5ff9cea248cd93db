import CheckoutSQLite
import Testing

@Suite struct DatabaseTests {
    let database: Database

    init() throws {
        database = try Database(path: ":memory:")
        try database.executeScript("""
            CREATE TABLE item (id INTEGER PRIMARY KEY, count INTEGER, price REAL, title TEXT, data BLOB);
            CREATE TABLE shop (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE CHECK (length(name) > 0));
            CREATE TABLE product (id INTEGER PRIMARY KEY, shop_id INTEGER NOT NULL REFERENCES shop(id));
            """)
    }

    @Test func bindingAndReading_RoundTripsEveryStorageClass() throws {
        let title = "Grüner Tee 绿茶 🍵"
        try database.execute("INSERT INTO item (id, count, price, title, data) VALUES (?, ?, ?, ?, ?)",
                             [1, Int64.max, 12.5, title, [0, 1, 255] as [UInt8]])
        let row = try #require(try database.queryOne("SELECT * FROM item WHERE id = ?", [1]))
        #expect(try row.int("id") == 1)
        #expect(try row.int64("count") == Int64.max)
        #expect(try row.double("price") == 12.5)
        #expect(try row.string("title") == title)
        #expect(try row.bytes("data") == [0, 1, 255])
        #expect(row["TITLE"] == .text(title))
        #expect(row[4] == .blob([0, 1, 255]))
        #expect(row.columnNames == ["id", "count", "price", "title", "data"])
    }

    @Test func bindingAndReading_KeepsEmptyTextAndBlobDistinctFromNull() throws {
        try database.execute("INSERT INTO item (id, title, data) VALUES (?, ?, ?)", [1, "", [UInt8]()])
        let row = try #require(try database.queryOne("SELECT title, data, typeof(data) AS kind FROM item"))
        #expect(try row.string("title") == "")
        #expect(try row.bytes("data") == [])
        #expect(try row.string("kind") == "blob")
    }

    /// Text is lent to SQLite from the string's own bytes: small and heap strings, a
    /// substring's copy and interior NULs all arrive whole.
    @Test func bindingText_KeepsEveryByteOfSmallHeapAndNULText() throws {
        let texts = ["a", "short ascii", String(repeating: "长文本", count: 40), "nul\u{0}inside\u{0}", String("xx-slice-xx".dropFirst(3).dropLast(3))]
        for (id, text) in texts.enumerated() {
            try database.execute("INSERT INTO item (id, title) VALUES (?, ?)", [id, text])
            let row = try #require(try database.queryOne("SELECT title, length(CAST(title AS BLOB)) AS size FROM item WHERE id = ?", [id]))
            #expect(try row.string("title") == text)
            #expect(try row.int("size") == text.utf8.count)
        }
    }

    @Test func nulls_BindFromOptionalsAndReadAsNil() throws {
        let missing: String? = nil
        let noCount: Int? = nil
        try database.execute("INSERT INTO item (id, count, price, title, data) VALUES (?, ?, ?, ?, ?)",
                             [7, noCount, SQLValue.null, missing, Optional<[UInt8]>.none])
        let row = try #require(try database.queryOne("SELECT * FROM item"))
        #expect(try row.optionalInt("count") == nil)
        #expect(try row.optionalDouble("price") == nil)
        #expect(try row.optionalString("title") == nil)
        #expect(try row.optionalBytes("data") == nil)
        #expect(row["count"].isNull)
        #expect(throws: DatabaseError.self) { try row.int("count") }
    }

    @Test func boolsAndSmallIntegers_BindAsIntegers() throws {
        try database.execute("INSERT INTO item (id, count, price) VALUES (?, ?, ?)", [Int32(3), true, 2])
        let row = try #require(try database.queryOne("SELECT * FROM item"))
        #expect(try row.bool("count"))
        #expect(try row.int("id") == 3)
        #expect(try row.double("price") == 2.0)  // an INTEGER reads as Double
    }

    @Test func typedGetters_ThrowOnMismatchAndUnknownColumn() throws {
        try database.execute("INSERT INTO item (id, title) VALUES (1, 'abc')")
        let row = try #require(try database.queryOne("SELECT * FROM item"))
        let mismatch = try #require(throws: DatabaseError.self) { try row.int("title") }
        #expect(mismatch.resultCode == ResultCode.mismatch)
        #expect(mismatch.message.contains("title"))
        #expect(throws: DatabaseError.self) { try row.string("nope") }
        #expect(row["nope"] == .null)
    }

    @Test func uniqueViolation_CarriesExtendedCodeAndSQLButNotValues() throws {
        try database.execute("INSERT INTO shop (name) VALUES (?)", ["secret-shop-name"])
        let error = try #require(throws: DatabaseError.self) {
            try database.execute("INSERT INTO shop (name) VALUES (?)", ["secret-shop-name"])
        }
        #expect(error.resultCode == ResultCode.constraint)
        #expect(error.extendedResultCode == ResultCode.constraintUnique)
        #expect(error.isUniqueViolation && error.isConstraintViolation && !error.isStorageFailure)
        #expect(error.sql == "INSERT INTO shop (name) VALUES (?)")
        #expect(!error.description.contains("secret-shop-name"))
        #expect(error.description.contains("UNIQUE constraint failed: shop.name"))
    }

    @Test func constraintErrors_ReportNotNullCheckAndForeignKeyCodes() throws {
        let notNull = try #require(throws: DatabaseError.self) { try database.execute("INSERT INTO shop (name) VALUES (NULL)") }
        #expect(notNull.extendedResultCode == ResultCode.constraintNotNull)
        let check = try #require(throws: DatabaseError.self) { try database.execute("INSERT INTO shop (name) VALUES ('')") }
        #expect(check.extendedResultCode == ResultCode.constraintCheck)
        let foreignKey = try #require(throws: DatabaseError.self) {
            try database.execute("INSERT INTO product (shop_id) VALUES (?)", [999])
        }
        #expect(foreignKey.extendedResultCode == ResultCode.constraintForeignKey)
        #expect(!foreignKey.isUniqueViolation)
    }

    @Test func statementCache_ReusesOnePreparedStatementPerSQL() throws {
        let before = database.cachedStatementCount
        for id in 1...100 {
            try database.execute("INSERT INTO item (id) VALUES (?)", [id])
        }
        #expect(database.cachedStatementCount == before + 1)
        let first = try database.cachedStatement("SELECT count(*) FROM item")
        #expect(try database.cachedStatement("SELECT count(*) FROM item") === first)
        #expect(try first.query().first?[0] == .integer(100))
    }

    @Test func statementCache_StaysWithinItsCapacity() throws {
        var configuration = DatabaseConfiguration()
        configuration.statementCacheCapacity = 8
        let small = try Database(path: ":memory:", configuration: configuration)
        for value in 0..<50 { _ = try small.query("SELECT \(value)") }
        #expect(small.cachedStatementCount <= 8)
    }

    @Test func wrongArgumentCountAndScripts_AreRefusedInExecute() throws {
        let count = try #require(throws: DatabaseError.self) { try database.execute("INSERT INTO item (id) VALUES (?)", []) }
        #expect(count.resultCode == ResultCode.misuse)
        try database.execute("SELECT 1; -- a trailing comment is fine\n")
        let script = try #require(throws: DatabaseError.self) { try database.execute("SELECT 1; SELECT 2") }
        #expect(script.resultCode == ResultCode.misuse)
        let syntax = try #require(throws: DatabaseError.self) { try database.execute("SELEC 1") }
        #expect(syntax.resultCode == ResultCode.error && syntax.sql == "SELEC 1")
    }

    @Test func transaction_RollsBackWhenTheBodyThrowsAndNestsAsSavepoint() throws {
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try database.transaction {
                try database.execute("INSERT INTO item (id) VALUES (1)")
                throw Abort()
            }
        }
        try database.transaction {
            try database.execute("INSERT INTO item (id) VALUES (2)")
            try? database.transaction {
                try database.execute("INSERT INTO item (id) VALUES (3)")
                throw Abort()
            }
        }
        #expect(try database.query("SELECT id FROM item").map { try $0.int("id") } == [2])
        #expect(!database.isInTransaction)
        #expect(database.changes == 1)
    }

    @Test func lastInsertRowID_IsTheNewRow() throws {
        try database.execute("INSERT INTO shop (name) VALUES ('a')")
        try database.execute("INSERT INTO shop (name) VALUES ('b')")
        #expect(database.lastInsertRowID == 2)
    }
}
