import CheckoutSQLite
import Glibc
import CheckoutThreads
import Synchronization
import Testing

@Suite struct BackupTests {
    final class Acknowledged: Sendable {
        let ids = Locked<Set<Int>>([])
        let next = Atomic<Int>(1)
        let stop = Atomic<Bool>(false)
    }

    let folder = TemporaryDirectory()

    @Test func backupUnderConcurrentWrites_HoldsEveryRowCommittedBeforeItBegan() async throws {
        let writer = try DatabaseWriter(path: folder.file("live.sqlite"))
        try await writer.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
        let acknowledged = Acknowledged()
        let submitters = (0..<8).map { _ in
            Task {
                while !acknowledged.stop.load(ordering: .relaxed) {
                    let id = acknowledged.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    try await writer.write { try $0.execute("INSERT INTO t VALUES (?, ?)", [id, String(repeating: "x", count: 200)]) }
                    _ = acknowledged.ids.withLock { $0.insert(id) }
                }
            }
        }
        #expect(await eventually { acknowledged.ids.withLock { $0.count } >= 500 })
        let before = acknowledged.ids.withLock { $0 }
        let backupPath = folder.file("backups/nested/copy.sqlite")
        try await Task.detached { try writer.backup(to: backupPath) }.value
        acknowledged.stop.store(true, ordering: .relaxed)
        for submitter in submitters { try await submitter.value }

        let copy = try Database(path: backupPath, configuration: DatabaseConfiguration(readOnly: true))
        #expect(try copy.queryOne("PRAGMA integrity_check")?[0] == .text("ok"))
        let copied = Set(try copy.query("SELECT id FROM t").map { try $0.int("id") })
        #expect(before.isSubset(of: copied))
        #expect(copied.count >= before.count)
        #expect(TemporaryDirectory.size(of: backupPath + ".tmp-\(getpid())") == 0)
    }

    @Test func backup_ReplacesAnOlderCopyAtTheSamePath() throws {
        let writer = try DatabaseWriter(path: folder.file("source.sqlite"))
        try writer.writeAndWait { try $0.execute("CREATE TABLE t (x)") }
        let target = folder.file("copy.sqlite")
        let old = try Database(path: target)
        try old.executeScript("CREATE TABLE stale (y); INSERT INTO stale VALUES (1);")
        try writer.writeAndWait { try $0.execute("INSERT INTO t VALUES (7)") }
        try writer.backup(to: target)
        let copy = try Database(path: target, configuration: DatabaseConfiguration(readOnly: true))
        #expect(try copy.query("SELECT name FROM sqlite_schema").map { try $0.string("name") } == ["t"])
        #expect(try copy.queryOne("SELECT x FROM t")?.int("x") == 7)
        _ = old
    }

    @Test func backupOfAMissingDatabase_FailsWithoutCreatingIt() throws {
        let error = try #require(throws: DatabaseError.self) {
            try DatabaseBackup.copy(from: folder.file("nope.sqlite"), to: folder.file("copy.sqlite"))
        }
        #expect(error.isStorageFailure)
        #expect(TemporaryDirectory.size(of: folder.file("nope.sqlite")) == 0)
    }
}
