import CSQLite
import CheckoutSQLite
import Glibc
import Testing

@Suite struct DatabaseOpeningTests {
    let folder = TemporaryDirectory()

    @Test func open_CreatesMissingFoldersAndSetsDurablePragmas() throws {
        let path = folder.file("data/nested/checkout.sqlite")
        let database = try Database(path: path)
        #expect(access(path, F_OK) == 0)
        #expect(try database.queryOne("PRAGMA journal_mode")?[0] == .text("wal"))
        #expect(try database.queryOne("PRAGMA synchronous")?[0] == .integer(2))  // FULL
        #expect(try database.queryOne("PRAGMA foreign_keys")?[0] == .integer(1))
        #expect(try database.queryOne("PRAGMA busy_timeout")?[0] == .integer(5000))
    }

    /// The first open turns SQLite's memory statistics off (their global mutex was taken on
    /// every allocation): nothing is counted however much the connection allocates.
    @Test func open_TurnsMemoryStatisticsOff() throws {
        let database = try Database(path: folder.file("stats.sqlite"))
        try database.execute("CREATE TABLE t (x TEXT)")
        try database.execute("INSERT INTO t VALUES (?)", [String(repeating: "x", count: 100_000)])
        #expect(try database.queryOne("SELECT length(x) FROM t")?[0] == .integer(100_000))
        #expect(sqlite3_memory_used() == 0)
        #expect(sqlite3_memory_highwater(0) == 0)
    }

    @Test func open_RefusesAFileThatIsNotADatabase() throws {
        let path = folder.file("garbage.sqlite")
        let file = fopen(path, "w")
        fputs(String(repeating: "this is not an SQLite database file. ", count: 200), file)
        fclose(file)
        let error = try #require(throws: DatabaseError.self) { try Database(path: path) }
        #expect(error.resultCode == ResultCode.notADatabase)
        #expect(error.message.contains(path))
        #expect(error.description.contains("not a database"))
    }

    @Test func openReadOnly_FailsForAMissingFileAsStorageFailure() throws {
        let path = folder.file("missing.sqlite")
        let error = try #require(throws: DatabaseError.self) {
            try Database(path: path, configuration: DatabaseConfiguration(readOnly: true))
        }
        #expect(error.resultCode == ResultCode.cantOpen && error.isStorageFailure)
        #expect(access(path, F_OK) != 0)
    }

    @Test func openReadOnly_RefusesWrites() throws {
        let path = folder.file("ro.sqlite")
        try Database(path: path).execute("CREATE TABLE t (x)")
        let reader = try Database(path: path, configuration: DatabaseConfiguration(readOnly: true))
        let error = try #require(throws: DatabaseError.self) { try reader.execute("INSERT INTO t VALUES (1)") }
        #expect(error.resultCode == ResultCode.readOnly)
        #expect(try reader.query("SELECT * FROM t").isEmpty)
    }

    @Test func open_FailsClearlyWhenTheFolderCannotBeCreated() throws {
        let blocker = folder.file("file")
        fclose(fopen(blocker, "w"))
        let error = try #require(throws: DatabaseError.self) { try Database(path: blocker + "/sub/db.sqlite") }
        #expect(error.isStorageFailure)
    }
}
