import CSQLite
@testable import CheckoutSQLite
import Synchronization
import Testing

/// Vetoes left for the commit hook installed by `failedCommit_…` (C callbacks cannot capture).
let commitVetoes = Atomic<Int>(0)

@Suite struct StorageFailureTests {
    let folder = TemporaryDirectory()
    let writer: DatabaseWriter

    init() throws {
        writer = try DatabaseWriter(path: folder.file("full.sqlite"))
        try writer.writeAndWait { try $0.execute("CREATE TABLE blob_row (id INTEGER PRIMARY KEY, data BLOB NOT NULL)") }
    }

    private func ids() throws -> Set<Int> {
        try writer.writeAndWait { Set(try $0.query("SELECT id FROM blob_row").map { try $0.int("id") }) }
    }

    @Test func diskFull_FailsTheJobClearlyLeavesNoPartialRowsAndTheWriterRecovers() async throws {
        try writer.writeAndWait { database in
            let pages = try database.queryOne("PRAGMA page_count")?.int("page_count") ?? 0
            try database.execute("PRAGMA max_page_count = \(pages + 4)")
        }
        // Small jobs share the batch with the one that runs out of space.
        let outcomes = await withTaskGroup(of: (Int, (any Error)?).self) { group in
            for id in 1...20 {
                group.addTask {
                    do {
                        try await writer.write { database in
                            try database.execute("INSERT INTO blob_row (id, data) VALUES (?, ?)", [id, [UInt8](repeating: 1, count: 10)])
                            if id == 10 {
                                // Its first row fits; the second cannot: neither may survive.
                                try database.execute("INSERT INTO blob_row (id, data) VALUES (?, ?)",
                                                     [1000, [UInt8](repeating: 2, count: 512 * 1024)])
                            }
                        }
                        return (id, nil)
                    } catch {
                        return (id, error)
                    }
                }
            }
            return await group.reduce(into: [Int: (any Error)?]()) { $0[$1.0] = $1.1 }
        }
        let full = try #require(outcomes[10] ?? nil as (any Error)?) as? DatabaseError
        #expect(full?.resultCode == ResultCode.full)
        #expect(full?.isStorageFailure == true)
        #expect(full?.description.contains("database or disk is full") == true)
        let present = try ids()
        #expect(!present.contains(10) && !present.contains(1000))
        for id in 1...20 where id != 10 {
            // Acknowledged exactly when committed.
            let error = outcomes[id] ?? nil
            #expect((error == nil) == present.contains(id), "job \(id): \(String(describing: error))")
            if let error { #expect((error as? DatabaseError)?.isStorageFailure == true) }
        }

        try writer.writeAndWait { try $0.execute("PRAGMA max_page_count = 1073741823") }
        try await writer.write { database in
            try database.execute("INSERT INTO blob_row (id, data) VALUES (?, ?)", [1000, [UInt8](repeating: 2, count: 512 * 1024)])
        }
        #expect(try ids().contains(1000))
    }

    @Test func failedCommit_AnswersEveryJobOfTheBatchWithTheErrorAndKeepsNothing() async throws {
        let started = Gate()
        let gate = Gate()
        let holder = Task { try await writer.write { _ in started.open(); gate.wait() } }
        await Task.detached { started.wait() }.value
        let jobs = (1...10).map { id in
            Task { try await writer.write { try $0.execute("INSERT INTO blob_row (id, data) VALUES (?, x'00')", [id]) } }
        }
        #expect(await eventually { writer.queuedJobCount == 10 })
        // The last job of the batch arms a commit hook that vetoes this COMMIT once, as a failing fsync would.
        let armer = Task {
            try await writer.write { database in
                commitVetoes.store(1, ordering: .relaxed)
                sqlite3_commit_hook(database.handle, { _ in commitVetoes.exchange(0, ordering: .relaxed) > 0 ? 1 : 0 }, nil)
            }
        }
        #expect(await eventually { writer.queuedJobCount == 11 })
        gate.open()
        try await holder.value
        var failures = 0
        for job in jobs {
            do { try await job.value } catch { failures += 1 }
        }
        #expect(failures == 10)
        let error = await #expect(throws: DatabaseError.self) { try await armer.value }
        #expect(error?.resultCode == ResultCode.constraint)
        #expect(try ids().isEmpty)
        try await writer.write { try $0.execute("INSERT INTO blob_row (id, data) VALUES (99, x'00')") }
        #expect(try ids() == [99])
        #expect(writer.statistics.failedBatches == 1)
    }

    @Test func deferredForeignKeyViolation_FailsOnlyItsJob() async throws {
        try writer.writeAndWait { database in
            try database.executeScript("""
                CREATE TABLE parent (id INTEGER PRIMARY KEY);
                CREATE TABLE child (id INTEGER PRIMARY KEY,
                    parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
                """)
        }
        let gate = Gate()
        let started = Gate()
        let holder = Task { try await writer.write { _ in started.open(); gate.wait() } }
        await Task.detached { started.wait() }.value
        let bad = Task { try await writer.write { try $0.execute("INSERT INTO child VALUES (1, 42)") } }
        let good = Task { try await writer.write { try $0.execute("INSERT INTO parent VALUES (7)") } }
        #expect(await eventually { writer.queuedJobCount == 2 })
        gate.open()
        try await holder.value
        let error = await #expect(throws: DatabaseError.self) { try await bad.value }
        #expect(error?.extendedResultCode == ResultCode.constraintForeignKey)
        try await good.value
        #expect(try writer.writeAndWait { try $0.query("SELECT id FROM parent").count } == 1)
    }
}
