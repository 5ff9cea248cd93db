import CheckoutStorePostgres
import CheckoutTesting
import Testing

@Suite struct PostgresMigratorTests {
    static let versions = PostgresSchema.migrations.map(\.version)

    @Test func migrate_AppliesOnceAndRecords() async throws {
        let pool = PostgresPool(configuration: try await PostgresTestDatabase.freshConfiguration(), size: 1)
        defer { pool.close() }
        let first = try await Blocking.run { try PostgresSchema.migrator.migrate(pool).map(\.version) }
        let second = try await Blocking.run { try PostgresSchema.migrator.migrate(pool).map(\.version) }
        #expect(first == Self.versions)
        #expect(Self.versions == Array(1...Self.versions.count))
        #expect(second == [])
        let recorded = try await pool.withConnection { connection in
            try connection.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").map {
                (try $0.int("version"), try $0.string("name"), try $0.timestamp("applied_at"))
            }
        }
        #expect(recorded.map(\.0) == Self.versions)
        #expect(recorded.map(\.1) == PostgresSchema.migrations.map(\.name))
        #expect(try await Blocking.run { try PostgresSchema.migrator.currentVersion(pool) } == Self.versions.last)
    }

    @Test func databaseNewerThanBinary_IsRefused() async throws {
        let pool = PostgresPool(configuration: try await PostgresTestDatabase.freshConfiguration(), size: 1)
        defer { pool.close() }
        _ = try await Blocking.run { try PostgresSchema.migrator.migrate(pool) }
        _ = try await pool.withConnection { try $0.execute("INSERT INTO schema_migrations (version, name) VALUES (99, 'future')") }
        await #expect {
            _ = try await Blocking.run { try PostgresSchema.migrator.migrate(pool) }
        } throws: { error in
            String(describing: error).contains("schema version 99 is newer than this binary knows (\(Self.versions.count))")
        }
        await #expect(throws: PostgresMigrationError.self) {
            try await Blocking.run { try PostgresSchema.migrator.checkNotNewer(pool) }
        }
    }

    @Test func failingMigration_RollsBackWholeAndStopsThere() async throws {
        let pool = PostgresPool(configuration: try await PostgresTestDatabase.freshConfiguration(), size: 1)
        defer { pool.close() }
        let migrator = PostgresMigrator(migrations: [
            PostgresMigration(version: 1, name: "one", sql: "CREATE TABLE a (n integer)"),
            PostgresMigration(version: 2, name: "broken", sql: "CREATE TABLE b (n integer); INSERT INTO nowhere VALUES (1)"),
            PostgresMigration(version: 3, name: "three", sql: "CREATE TABLE c (n integer)"),
        ])
        await #expect {
            _ = try await Blocking.run { try migrator.migrate(pool) }
        } throws: { String(describing: $0).hasPrefix("migration 2 (broken) failed") }
        let tables = try await pool.withConnection { connection in
            try connection.query("SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1")
                .map { try $0.string("t") }
        }
        #expect(tables == ["a", "schema_migrations"])
    }

    @Test func duplicateVersion_IsRefused() async throws {
        let pool = PostgresPool(configuration: try await PostgresTestDatabase.freshConfiguration(), size: 1)
        defer { pool.close() }
        let migrator = PostgresMigrator(migrations: [
            PostgresMigration(version: 1, name: "a", sql: "SELECT 1"), PostgresMigration(version: 1, name: "b", sql: "SELECT 1"),
        ])
        await #expect(throws: PostgresMigrationError.self) { _ = try await Blocking.run { try migrator.migrate(pool) } }
    }

    @Test func replicasMigratingAtOnce_ApplyEachMigrationOnce() async throws {
        let configuration = try await PostgresTestDatabase.freshConfiguration()
        let pools = (0..<3).map { _ in PostgresPool(configuration: configuration, size: 1) }
        defer { pools.forEach { $0.close() } }
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for pool in pools {
                group.addTask { try await Blocking.run { try PostgresSchema.migrator.migrate(pool).map(\.version) } }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(applied.sorted() == Self.versions)
    }

    @Test func schema_UsesIntegersForMoneyAndTimestamptzForTimes() async throws {
        let pool = try await PostgresTestDatabase.migratedPool(size: 1)
        defer { pool.close() }
        let columns = try await pool.withConnection { connection in
            try connection.query("""
                SELECT table_name::text AS t, column_name::text AS c, data_type::text AS d FROM information_schema.columns
                WHERE table_schema = current_schema()
                """).map { (try $0.string("t"), try $0.string("c"), try $0.string("d")) }
        }
        let times = columns.filter { $0.1.hasSuffix("_at") && $0.0 != "schema_migrations" }
        #expect(times.count > 20)
        #expect(times.allSatisfy { $0.2 == "timestamp with time zone" }, "\(times.filter { $0.2 != "timestamp with time zone" })")
        let money = columns.filter { ["price", "amount", "amount_total", "unit_price", "line_total"].contains($0.1) }
        #expect(money.count >= 6)
        #expect(money.allSatisfy { $0.2 == "bigint" })
    }
}
