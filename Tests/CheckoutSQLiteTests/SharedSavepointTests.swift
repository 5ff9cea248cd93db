import CheckoutSQLite
import CheckoutThreads
import Testing

/// Repeatable jobs in a row share one savepoint: each commits or fails exactly as it would in a
/// savepoint of its own. A job that fails without writing needs no undo; one that fails after
/// writing, or leaves a deferred foreign key unresolved, makes the writer roll the shared
/// savepoint back and run the jobs up to it again, each alone. Queued in a known order
/// (`enqueue` from the test while the writer is held), so which jobs ran twice is known.
@Suite struct SharedSavepointTests {
    struct JobFailed: Error, Equatable { let id: Int }

    let folder = TemporaryDirectory()
    let writer: DatabaseWriter
    /// What the jobs saw, written on the writer thread.
    final class Observations: Sendable {
        /// How often each job's body ran.
        let runs = Locked<[Int: Int]>([:])
        let answers = Locked<[Int: Result<Int, any Error>]>([:])
        /// `runsWithoutJobSavepoint` as each run of each job saw it, and inside a nested transaction.
        let sawShared = Locked<[Int: [Bool]]>([:])
        let sawSharedNested = Locked(false)
    }

    let seen = Observations()

    init() throws {
        writer = try DatabaseWriter(path: folder.file("shared.sqlite"))
        try writer.writeAndWait { db in
            try db.executeScript("""
                CREATE TABLE entry (id INTEGER PRIMARY KEY, note TEXT NOT NULL);
                CREATE TABLE parent (id INTEGER PRIMARY KEY);
                CREATE TABLE child (id INTEGER PRIMARY KEY,
                                    parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
                """)
        }
    }

    enum Step {
        /// Inserts its entry and answers id × 10.
        case write
        /// Inserts its entry, then throws.
        case failAfterWriting
        /// Throws before writing anything.
        case failBeforeWriting
        /// Inserts a child of a parent that does not exist (deferred: no error until checked).
        case orphan
    }

    /// Queues the jobs in order while the writer is held, then lets them run as one batch.
    func runBatch(_ steps: [(id: Int, step: Step, repeatable: Bool)]) async throws {
        let gate = Gate()
        let started = Gate()
        let holder = Task { try await writer.write { _ in started.open(); gate.wait() } }
        await Task.detached { started.wait() }.value
        for (id, step, repeatable) in steps {
            writer.enqueue(repeatable: repeatable, { [seen] db -> Int in
                seen.runs.withLock { $0[id, default: 0] += 1 }
                seen.sawShared.withLock { $0[id, default: []].append(db.runsWithoutJobSavepoint) }
                switch step {
                case .failBeforeWriting: throw JobFailed(id: id)
                case .orphan:
                    try db.execute("INSERT INTO child (id, parent_id) VALUES (?, 999)", [id])
                    return id
                case .write, .failAfterWriting:
                    try db.execute("INSERT INTO entry (id, note) VALUES (?, ?)", [id, "job \(id)"])
                    try db.transaction {
                        // Inside a savepoint of its own, a job undoes its own failures.
                        if db.runsWithoutJobSavepoint { seen.sawSharedNested.withLock { $0 = true } }
                    }
                    if step == .failAfterWriting { throw JobFailed(id: id) }
                    return id * 10
                }
            }, reply: { [seen] result in seen.answers.withLock { $0[id] = result } })
        }
        #expect(await eventually { writer.queuedJobCount == steps.count })
        gate.open()
        try await holder.value
        #expect(await eventually { seen.answers.withLock { $0.count } == steps.count })
        // A repeatable job's first run shares the savepoint; every other run has its own.
        for (id, _, repeatable) in steps {
            let flags = seen.sawShared.withLock { $0[id] ?? [] }
            #expect(flags == (repeatable ? [true] + Array(repeating: false, count: max(flags.count - 1, 0)) : [false]),
                    "job \(id)")
        }
        #expect(!seen.sawSharedNested.withLock { $0 })
    }

    func entries() throws -> [Int] {
        try writer.writeAndWait { try $0.query("SELECT id FROM entry ORDER BY id").map { try $0.int("id") } }
    }

    @Test func aJobFailingAfterWriting_RollsBackAlone_AndTheJobsBeforeItRunAgainAlone() async throws {
        try await runBatch((1...20).map { ($0, $0 == 7 ? .failAfterWriting : .write, true) })
        #expect(try entries() == Array(1...20).filter { $0 != 7 })
        for id in 1...20 where id != 7 {
            #expect(try seen.answers.withLock { $0[id] }?.get() == id * 10)
        }
        #expect(throws: JobFailed(id: 7)) { try seen.answers.withLock { $0[7] }?.get() }
        #expect(seen.runs.withLock { $0 } == Dictionary(uniqueKeysWithValues: (1...20).map { ($0, $0 <= 7 ? 2 : 1) }))
        #expect(writer.statistics.repeatedJobs == 7)
        #expect(writer.statistics.largestBatch >= 20)
    }

    @Test func aJobFailingBeforeWriting_NeedsNoUndo_AndNothingRunsTwice() async throws {
        try await runBatch((1...20).map { ($0, $0 == 7 ? .failBeforeWriting : .write, true) })
        #expect(try entries() == Array(1...20).filter { $0 != 7 })
        #expect(throws: JobFailed(id: 7)) { try seen.answers.withLock { $0[7] }?.get() }
        #expect(seen.runs.withLock { $0.values.allSatisfy { $0 == 1 } })
        #expect(writer.statistics.repeatedJobs == 0)
    }

    @Test func aJobLeavingAForeignKeyUnresolved_RunsAgainAlone_AndFailsAlone() async throws {
        try await runBatch([(1, .write, true), (2, .orphan, true), (3, .write, true)])
        #expect(try entries() == [1, 3])
        #expect(throws: DatabaseError.self) { try seen.answers.withLock { $0[2] }?.get() }
        #expect(try seen.answers.withLock { $0[3] }?.get() == 30)
        #expect(try writer.writeAndWait { try $0.queryOne("SELECT count(*) AS n FROM child")?.int("n") } == 0)
        #expect(writer.statistics.repeatedJobs == 2)
    }

    @Test func otherJobsBetweenRepeatableOnes_KeepTheirOwnSavepoints() async throws {
        try await runBatch([(1, .write, true), (2, .failAfterWriting, false), (3, .write, true),
                            (4, .write, false), (5, .failAfterWriting, true), (6, .write, true)])
        #expect(try entries() == [1, 3, 4, 6])
        #expect(throws: JobFailed(id: 2)) { try seen.answers.withLock { $0[2] }?.get() }
        #expect(throws: JobFailed(id: 5)) { try seen.answers.withLock { $0[5] }?.get() }
        #expect(try seen.answers.withLock { $0[6] }?.get() == 60)
        // 2 and 4 are not repeatable and ran once; 5 failed first in the savepoint it shared with 6.
        #expect(seen.runs.withLock { $0 } == [1: 1, 2: 1, 3: 1, 4: 1, 5: 2, 6: 1])
        #expect(writer.statistics.repeatedJobs == 1)
    }
}
