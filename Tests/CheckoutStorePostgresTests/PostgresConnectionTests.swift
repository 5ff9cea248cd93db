import CheckoutCore
import CheckoutStorePostgres
import CheckoutTesting
import Testing

/// Statements, parameters, errors and transactions against the run's PostgreSQL server.
@Suite struct PostgresConnectionTests {
    private func pool() async throws -> PostgresPool {
        PostgresPool(configuration: try await PostgresTestDatabase.freshConfiguration(), size: 2)
    }

    @Test func everyParameterType_RoundTrips() async throws {
        let pool = try await pool()
        defer { pool.close() }
        let row = try await pool.withConnection { connection in
            try connection.executeScript("""
                CREATE TABLE t (i bigint, n integer, b boolean, s text, raw bytea, at timestamptz, missing text, doc jsonb)
                """)
            try connection.execute("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                                   [Int64.min, Int32(-7), true, "价格 'quoted' \\ \u{1F600}", [UInt8]([0, 1, 255, 0]),
                                    Timestamp(milliseconds: 1_764_844_800_123), String?.none, #"{"b": 1, "a": [2]}"#])
            return try connection.queryOne("SELECT * FROM t")
        }
        let values = try #require(row)
        #expect(try values.int64("i") == Int64.min)
        #expect(try values.int("n") == -7)
        #expect(try values.bool("b"))
        #expect(try values.string("s") == "价格 'quoted' \\ \u{1F600}")
        #expect(try values.bytes("raw") == [0, 1, 255, 0])
        #expect(try values.timestamp("at") == Timestamp(milliseconds: 1_764_844_800_123))
        #expect(try values.optionalString("missing") == nil)
        #expect(try values.string("doc") == #"{"a": [2], "b": 1}"#)
    }

    @Test func typedGetters_RefuseAnotherTypeOrColumn() async throws {
        let pool = try await pool()
        defer { pool.close() }
        let row = try #require(try await pool.withConnection { try $0.queryOne("SELECT 1::bigint AS n, NULL::text AS s") })
        #expect(throws: PostgresError.self) { try row.string("n") }
        #expect(throws: PostgresError.self) { try row.int("s") }
        #expect(throws: PostgresError.self) { try row.int("nope") }
        #expect(try row.optionalInt("n") == 1)
    }

    @Test func unsupportedColumnType_IsADecodingError() async throws {
        let pool = try await pool()
        defer { pool.close() }
        await #expect { _ = try await pool.withConnection { try $0.query("SELECT 1.5::numeric AS x") } } throws: {
            ($0 as? PostgresError)?.kind == .decoding
        }
    }

    @Test func textWithNUL_IsRefusedBeforeTheServer() async throws {
        let pool = try await pool()
        defer { pool.close() }
        await #expect { _ = try await pool.withConnection { try $0.query("SELECT $1::text", ["a\u{0}b"]) } } throws: {
            ($0 as? PostgresError)?.kind == .decoding
        }
    }

    @Test func uniqueViolation_IsTypedAndMapsToConflict() async throws {
        let pool = try await pool()
        defer { pool.close() }
        let caught = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { connection in
                try connection.executeScript("CREATE TABLE k (id text PRIMARY KEY, n integer CHECK (n > 0))")
                try connection.execute("INSERT INTO k VALUES ($1, 1)", ["a"])
                try connection.execute("INSERT INTO k VALUES ($1, 1)", ["a"])
            }
        }
        #expect(caught?.kind == .uniqueViolation)
        #expect(caught?.sqlState == "23505")
        #expect(caught?.storageError.kind == .conflict)
        let check = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try $0.execute("INSERT INTO k VALUES ($1, 0)", ["b"]) }
        }
        #expect(check?.kind == .constraintViolation)
        #expect(check?.storageError.kind == .failed)
        let syntax = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try $0.execute("INSERT INTO nowhere VALUES (1)") }
        }
        #expect(syntax?.kind == .query)
        #expect(syntax?.sqlState == "42P01")
    }

    @Test func sameSQL_IsPreparedOncePerConnection() async throws {
        let pool = PostgresPool(configuration: try await PostgresTestDatabase.freshConfiguration(), size: 1)
        defer { pool.close() }
        let prepared = try await pool.withConnection { connection in
            for value in 0..<5 { _ = try connection.query("SELECT $1::bigint + 1 AS n", [value]) }
            _ = try connection.query("SELECT $1::bigint + 2 AS n", [1])
            return try connection.query("SELECT statement FROM pg_prepared_statements").map { try $0.string("statement") }
        }
        #expect(prepared.filter { $0 == "SELECT $1::bigint + 1 AS n" }.count == 1)
        #expect(prepared.count == 3)  // the two statements and the pg_prepared_statements query itself
    }

    @Test func transaction_CommitsOnReturnAndRollsBackOnThrow() async throws {
        let pool = try await pool()
        defer { pool.close() }
        try await pool.withConnection { try $0.executeScript("CREATE TABLE m (n integer)") }
        _ = try await pool.transaction { try $0.execute("INSERT INTO m VALUES (1)") }
        await #expect(throws: CheckoutError.self) {
            try await pool.transaction { connection in
                try connection.execute("INSERT INTO m VALUES (2)")
                throw CheckoutError.outOfStock("no")
            }
        }
        let count = try await pool.withConnection { try $0.queryOne("SELECT count(*) AS n FROM m")!.int("n") }
        #expect(count == 1)
    }

    @Test func savepoint_RollsBackOnlyItsOwnWork() async throws {
        let pool = try await pool()
        defer { pool.close() }
        try await pool.withConnection { try $0.executeScript("CREATE TABLE m (n integer PRIMARY KEY)") }
        try await pool.transaction { connection in
            try connection.execute("INSERT INTO m VALUES (1)")
            _ = try? connection.savepoint { inner in
                try inner.execute("INSERT INTO m VALUES (2)")
                try inner.execute("INSERT INTO m VALUES (1)")  // unique violation: the savepoint rolls back
            }
            try connection.execute("INSERT INTO m VALUES (3)")
        }
        let values = try await pool.withConnection { try $0.query("SELECT n FROM m ORDER BY n").map { try $0.int("n") } }
        #expect(values == [1, 3])
    }

    @Test func commitAfterACaughtFailure_ReportsTheRollback() async throws {
        let pool = try await pool()
        defer { pool.close() }
        try await pool.withConnection { try $0.executeScript("CREATE TABLE m (n integer PRIMARY KEY)") }
        await #expect(throws: PostgresError.self) {
            try await pool.transaction(attempts: 1) { connection in
                try connection.execute("INSERT INTO m VALUES (1)")
                _ = try? connection.execute("INSERT INTO m VALUES (1)")  // aborts the transaction
            }
        }
        let count = try await pool.withConnection { try $0.queryOne("SELECT count(*) AS n FROM m")!.int("n") }
        #expect(count == 0)
    }
}
