import CheckoutSQLite
import Testing

@Suite struct MigratorTests {
    static let all = [
        Migration(version: 1, name: "create_shop", sql: "CREATE TABLE shop (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"),
        Migration(version: 2, name: "create_product", sql: """
            CREATE TABLE product (id INTEGER PRIMARY KEY, shop_id INTEGER NOT NULL REFERENCES shop(id));
            CREATE INDEX product_shop ON product (shop_id);
            """),
        Migration(version: 3, name: "add_shop_currency", sql: "ALTER TABLE shop ADD COLUMN currency TEXT NOT NULL DEFAULT 'CNY';"),
    ]

    let folder = TemporaryDirectory()

    private func makeWriter() throws -> DatabaseWriter {
        try DatabaseWriter(path: folder.file("migrations.sqlite"))
    }

    private func schema(_ writer: DatabaseWriter) throws -> [String] {
        try writer.writeAndWait { database in
            try database.query("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").map { try $0.string("name") }
        }
    }

    @Test func migrate_FromZeroAppliesAllInOrderAndRecordsThem() throws {
        let writer = try makeWriter()
        let applied = try Migrator(migrations: Self.all.reversed()).migrate(writer)
        #expect(applied.map(\.version) == [1, 2, 3])
        #expect(try Migrator(migrations: Self.all).currentVersion(writer) == 3)
        let recorded = try writer.writeAndWait { database in
            try database.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
        }
        #expect(try recorded.map { try $0.string("name") } == ["create_shop", "create_product", "add_shop_currency"])
        #expect(try recorded.allSatisfy { try $0.string("applied_at").hasSuffix("Z") })
        #expect(try schema(writer) == ["product", "product_shop", "schema_migrations", "shop"])
    }

    @Test(arguments: 0...3)
    func migrate_FromEachEarlierVersionAppliesOnlyThePendingOnes(start: Int) throws {
        let writer = try makeWriter()
        _ = try Migrator(migrations: Array(Self.all.prefix(start))).migrate(writer)
        #expect(try Migrator(migrations: Self.all).currentVersion(writer) == start)
        let applied = try Migrator(migrations: Self.all).migrate(writer)
        #expect(applied.map(\.version) == Array((start + 1)..<4))
        #expect(try schema(writer) == ["product", "product_shop", "schema_migrations", "shop"])
        try writer.writeAndWait { try $0.execute("INSERT INTO shop (name) VALUES ('a')") }
        #expect(try writer.writeAndWait { try $0.queryOne("SELECT currency FROM shop")?.string("currency") } == "CNY")
        #expect(try Migrator(migrations: Self.all).migrate(writer).isEmpty)
    }

    @Test func migrate_RefusesASchemaNewerThanTheBinary() throws {
        let writer = try makeWriter()
        _ = try Migrator(migrations: Self.all).migrate(writer)
        let older = Migrator(migrations: Array(Self.all.prefix(2)))
        let error = try #require(throws: MigrationError.self) { try older.migrate(writer) }
        #expect(error == .schemaNewerThanBinary(found: 3, known: 2))
        #expect(error.description.contains("schema version 3 is newer than this binary knows (2)"))
    }

    @Test func migrate_RollsBackAFailingMigrationAloneAndStopsThere() throws {
        let writer = try makeWriter()
        let broken = [
            Self.all[0],
            Migration(version: 2, name: "broken", sql: "CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);"),
            Self.all[2],
        ]
        let error = try #require(throws: MigrationError.self) { try Migrator(migrations: broken).migrate(writer) }
        guard case let .migrationFailed(version, name, underlying) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(version == 2 && name == "broken")
        #expect(underlying.message.contains("no such table: nowhere"))
        #expect(try Migrator(migrations: broken).currentVersion(writer) == 1)
        #expect(try schema(writer) == ["schema_migrations", "shop"])  // no "half" table
    }

    @Test func migrate_RejectsDuplicateVersions() throws {
        let writer = try makeWriter()
        let duplicated = [Self.all[0], Migration(version: 1, name: "again", sql: "SELECT 1")]
        #expect(throws: MigrationError.invalidVersion(1)) { try Migrator(migrations: duplicated).migrate(writer) }
    }
}
