import CheckoutSQLite
import Testing

/// Reads that never wait: a lane's connection now, or nil (held lane, unknown lane, busy database).
@Suite struct DatabaseLanesTests {
    let folder = TemporaryDirectory()

    @Test func aLane_ReadsCommittedRowsOnItsOwnReadOnlyConnection() async throws {
        let writer = try DatabaseWriter(path: folder.file("lanes.sqlite"))
        try await writer.write { try $0.execute("CREATE TABLE t (x INTEGER)") }
        let lanes = DatabaseLanes(path: writer.path, count: 2)
        #expect(try lanes.readValue(lane: 0) { try $0.queryOne("SELECT count(*) AS n FROM t")?.int("n") } == 0)
        try await writer.write { try $0.execute("INSERT INTO t VALUES (42)") }
        // The same connection again, a new snapshot: the commit is seen.
        #expect(try lanes.readValue(lane: 0) { try $0.queryOne("SELECT x FROM t")?.int("x") } == 42)
        #expect(try lanes.readValue(lane: 1) { try $0.queryOne("SELECT x FROM t")?.int("x") } == 42)
        let error = #expect(throws: DatabaseError.self) {
            try lanes.readValue(lane: 1) { try $0.execute("INSERT INTO t VALUES (1)") }
        }
        #expect(error?.resultCode == ResultCode.readOnly)
        writer.close()
    }

    @Test func aHeldOrUnknownLane_AnswersNilAtOnce() async throws {
        let writer = try DatabaseWriter(path: folder.file("held.sqlite"))
        try await writer.write { try $0.execute("CREATE TABLE t (x INTEGER)") }
        let lanes = DatabaseLanes(path: writer.path, count: 2)
        let nested = try lanes.readValue(lane: 0) { _ in try lanes.readValue(lane: 0) { _ in 1 } }
        #expect(nested == .some(nil))
        let other = try lanes.readValue(lane: 0) { _ in try lanes.readValue(lane: 1) { _ in 1 } }
        #expect(other == .some(1))
        #expect(try lanes.readValue(lane: 2) { _ in 1 } == nil)
        #expect(try lanes.readValue(lane: -1) { _ in 1 } == nil)
        writer.close()
    }

    @Test func aBusyDatabase_AnswersNilWithoutWaiting() async throws {
        // A rollback-journal database under an exclusive lock: a reader gets SQLITE_BUSY.
        let path = folder.file("busy.sqlite")
        let holder = try Database(path: path, configuration: DatabaseConfiguration(journalModeWAL: false))
        try holder.execute("CREATE TABLE t (x INTEGER)")
        let lanes = DatabaseLanes(path: path, count: 1)
        #expect(try lanes.readValue(lane: 0) { try $0.queryOne("SELECT count(*) AS n FROM t")?.int("n") } == 0)
        try holder.execute("BEGIN EXCLUSIVE")
        try holder.execute("INSERT INTO t VALUES (1)")
        #expect(try lanes.readValue(lane: 0) { try $0.queryOne("SELECT count(*) AS n FROM t")?.int("n") } == nil)
        try holder.execute("COMMIT")
        #expect(try lanes.readValue(lane: 0) { try $0.queryOne("SELECT count(*) AS n FROM t")?.int("n") } == 1)
    }
}
