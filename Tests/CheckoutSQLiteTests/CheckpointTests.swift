import CheckoutSQLite
import Testing

@Suite struct CheckpointTests {
    let folder = TemporaryDirectory()

    @Test(arguments: [true, false])
    func walStaysBoundedUnderConstantWrites(backgroundCheckpoints: Bool) throws {
        var configuration = WriterConfiguration()
        configuration.backgroundCheckpoints = backgroundCheckpoints
        configuration.checkpointThresholdPages = 20
        configuration.walHardLimitPages = 100
        configuration.idleCheckpointSeconds = 3600  // only load-driven checkpoints in this test
        let writer = try DatabaseWriter(path: folder.file("bounded-\(backgroundCheckpoints).sqlite"), writer: configuration)
        let walPath = writer.path + "-wal"
        try writer.writeAndWait { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
        let payload = String(repeating: "p", count: 600)
        var largestWAL = 0
        for id in 1...1500 {
            try writer.writeAndWait { try $0.execute("INSERT INTO t (id, payload) VALUES (?, ?)", [id, payload]) }
            largestWAL = max(largestWAL, TemporaryDirectory.size(of: walPath))
        }
        // Each commit appends at least one 4 KiB frame: without checkpoints the WAL would pass 6 MB.
        let frame = 4096 + 24
        #expect(largestWAL > 0)
        #expect(largestWAL <= 32 + 2 * configuration.walHardLimitPages * frame)
        #expect(writer.statistics.writerCheckpoints + writer.statistics.backgroundCheckpoints > 0)
        #expect(try writer.writeAndWait { try $0.queryOne("SELECT count(*) AS n FROM t")?.int("n") } == 1500)
    }

    @Test func pinnedWAL_IsCheckpointedOncePerThresholdPages_NotAfterEveryCommit() throws {
        var configuration = WriterConfiguration()
        configuration.checkpointThresholdPages = 20
        configuration.walHardLimitPages = 1_000_000  // only the background checkpointer in this test
        configuration.idleCheckpointSeconds = 3600
        let writer = try DatabaseWriter(path: folder.file("pinned.sqlite"), writer: configuration)
        try writer.writeAndWait { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
        // A reader holding its snapshot: the WAL can neither be fully backfilled nor restart.
        let reader = try Database(path: writer.path, configuration: DatabaseConfiguration(readOnly: true))
        try reader.execute("BEGIN")
        _ = try reader.queryOne("SELECT count(*) AS n FROM t")
        let payload = String(repeating: "p", count: 3000)  // about one new page a commit
        for id in 1...400 {
            try writer.writeAndWait { try $0.execute("INSERT INTO t (id, payload) VALUES (?, ?)", [id, payload]) }
        }
        let walPages = (TemporaryDirectory.size(of: writer.path + "-wal") - 32) / (4096 + 24)
        try reader.execute("COMMIT")
        #expect(walPages >= 400)
        // One request per 20 new pages at most (each runs one checkpoint), never one per commit.
        #expect(writer.statistics.backgroundCheckpoints <= walPages / 20 + 1)
    }

    @Test func idleWriterTruncatesTheWAL() async throws {
        var configuration = WriterConfiguration()
        configuration.idleCheckpointSeconds = 0.05
        let writer = try DatabaseWriter(path: folder.file("idle.sqlite"), writer: configuration)
        try await writer.write { database in
            try database.execute("CREATE TABLE t (x)")
            for value in 0..<100 { try database.execute("INSERT INTO t VALUES (?)", [value]) }
        }
        let walPath = writer.path + "-wal"
        // 100 inserts left frames in the WAL; only the idle TRUNCATE empties the file.
        #expect(await eventually { TemporaryDirectory.size(of: walPath) == 0 && writer.statistics.backgroundCheckpoints > 0 })
        let reader = try Database(path: writer.path, configuration: DatabaseConfiguration(readOnly: true))
        #expect(try reader.queryOne("SELECT count(*) AS n FROM t")?.int("n") == 100)
    }

    @Test func databaseCheckpoint_ReportsFrames() throws {
        let database = try Database(path: folder.file("manual.sqlite"))
        try database.execute("CREATE TABLE t (x)")
        let result = try database.checkpoint(.passive)
        #expect(result.isComplete)
        try database.checkpoint(.truncate)
        #expect(TemporaryDirectory.size(of: database.path + "-wal") == 0)
    }
}
