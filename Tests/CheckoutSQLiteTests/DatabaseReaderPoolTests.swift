import CheckoutSQLite
import Testing

@Suite struct DatabaseReaderPoolTests {
    let folder = TemporaryDirectory()

    @Test func readers_SeeCommittedRowsAndCannotWrite() async throws {
        let writer = try DatabaseWriter(path: folder.file("pool.sqlite"))
        try await writer.write { try $0.execute("CREATE TABLE t (x INTEGER)") }
        let pool = try DatabaseReaderPool(path: writer.path, size: 2)
        try await writer.write { try $0.execute("INSERT INTO t VALUES (42)") }
        #expect(try await pool.read { try $0.queryOne("SELECT x FROM t")?.int("x") } == 42)
        let error = await #expect(throws: DatabaseError.self) {
            try await pool.read { try $0.execute("INSERT INTO t VALUES (1)") }
        }
        #expect(error?.resultCode == ResultCode.readOnly)
        #expect(try pool.readAndWait { try $0.query("SELECT x FROM t").count } == 1)
    }

    @Test func readers_ServeMoreConcurrentCallersThanConnections() async throws {
        let writer = try DatabaseWriter(path: folder.file("busy.sqlite"))
        try await writer.write { database in
            try database.execute("CREATE TABLE t (x INTEGER)")
            for value in 1...100 { try database.execute("INSERT INTO t VALUES (?)", [value]) }
        }
        let pool = try DatabaseReaderPool(path: writer.path, size: 2)
        let sums = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<40 {
                group.addTask { try await pool.read { try $0.queryOne("SELECT sum(x) AS s FROM t")?.int("s") ?? 0 } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(sums == Array(repeating: 5050, count: 40))
    }
}
