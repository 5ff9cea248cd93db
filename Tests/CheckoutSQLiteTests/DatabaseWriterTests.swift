import CheckoutSQLite
import CheckoutThreads
import Testing

@Suite struct DatabaseWriterTests {
    struct JobFailed: Error, Equatable { let id: Int }

    let folder = TemporaryDirectory()
    let writer: DatabaseWriter

    init() throws {
        writer = try DatabaseWriter(path: folder.file("writer.sqlite"))
        try writer.writeAndWait { try $0.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, note TEXT NOT NULL)") }
    }

    /// Holds the writer thread inside a running job until `gate` opens, so that jobs submitted
    /// meanwhile queue up and form the next batch. Returns once the holding job runs.
    private func holdWriter(_ gate: Gate) async -> Task<Void, any Error> {
        let started = Gate()
        let holder = Task { try await writer.write { _ in started.open(); gate.wait() } }
        await Task.detached { started.wait() }.value
        return holder
    }

    private func ids() throws -> [Int] {
        try writer.writeAndWait { try $0.query("SELECT id FROM entry ORDER BY id").map { try $0.int("id") } }
    }

    @Test func batch_OneThrowingJobAmongFiftyRollsBackAloneAndTheOther49Commit() async throws {
        let gate = Gate()
        let holder = await holdWriter(gate)
        let results = Task {
            await withTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
                for id in 1...50 {
                    group.addTask {
                        do {
                            let value = try await writer.write { database in
                                try database.execute("INSERT INTO entry (id, note) VALUES (?, ?)", [id, "job \(id)"])
                                if id == 17 { throw JobFailed(id: id) }
                                return id * 10
                            }
                            return (id, .success(value))
                        } catch {
                            return (id, .failure(error))
                        }
                    }
                }
                var results: [Int: Result<Int, any Error>] = [:]
                for await (id, result) in group { results[id] = result }
                return results
            }
        }
        #expect(await eventually { writer.queuedJobCount == 50 })
        gate.open()
        try await holder.value
        let answers = await results.value

        #expect(writer.statistics.largestBatch >= 50)  // all fifty shared one transaction
        for id in 1...50 where id != 17 {
            #expect(try answers[id]?.get() == id * 10)
        }
        #expect(throws: JobFailed(id: 17)) { try answers[17]?.get() }
        #expect(try ids() == Array(1...50).filter { $0 != 17 })
    }

    @Test func batch_LaterJobsSeeEarlierJobsOfTheSameTransaction() async throws {
        let gate = Gate()
        let holder = await holdWriter(gate)
        let first = Task { try await writer.write { try $0.execute("INSERT INTO entry (id, note) VALUES (1, 'first')") } }
        #expect(await eventually { writer.queuedJobCount == 1 })
        let second = Task {
            try await writer.write { database in try database.queryOne("SELECT note FROM entry WHERE id = 1")?.string("note") }
        }
        #expect(await eventually { writer.queuedJobCount == 2 })
        gate.open()
        try await holder.value
        try await first.value
        #expect(try await second.value == "first")
    }

    @Test func writeAndWait_WorksFromManyThreads() async throws {
        let done = Gate()
        for thread in 0..<8 {
            SystemThread(name: "test-writer-\(thread)") {
                for index in 0..<25 {
                    let id = thread * 100 + index
                    _ = try? writer.writeAndWait { try $0.execute("INSERT INTO entry (id, note) VALUES (?, 'thread')", [id]) }
                }
                done.open()
            }.detach()
        }
        for _ in 0..<8 { await Task.detached { done.wait() }.value }
        #expect(try ids().count == 200)
    }

    @Test func write_RethrowsTheJobsOwnErrorAndConstraintErrors() async throws {
        await #expect(throws: JobFailed(id: 1)) { try await writer.write { _ in throw JobFailed(id: 1) } }
        try await writer.write { try $0.execute("INSERT INTO entry (id, note) VALUES (5, 'a')") }
        let error = await #expect(throws: DatabaseError.self) {
            try await writer.write { try $0.execute("INSERT INTO entry (id, note) VALUES (5, 'b')") }
        }
        #expect(error?.isUniqueViolation == true)
        #expect(try ids() == [5])
    }

    @Test func transactionInsideAJob_NestsAsASavepoint() async throws {
        try await writer.write { database in
            try database.execute("INSERT INTO entry (id, note) VALUES (1, 'kept')")
            _ = try? database.transaction {
                try database.execute("INSERT INTO entry (id, note) VALUES (2, 'undone')")
                throw JobFailed(id: 2)
            }
        }
        #expect(try ids() == [1])
    }

    @Test func close_FinishesQueuedJobsThenRefusesNewOnes() async throws {
        let gate = Gate()
        let holder = await holdWriter(gate)
        let queued = Task { try await writer.write { try $0.execute("INSERT INTO entry (id, note) VALUES (9, 'queued')") } }
        #expect(await eventually { writer.queuedJobCount == 1 })
        gate.open()
        writer.close()
        try await holder.value
        try await queued.value
        let error = await #expect(throws: DatabaseError.self) { try await writer.write { _ in 1 } }
        #expect(error?.resultCode == ResultCode.misuse)
        let reopened = try Database(path: writer.path)
        #expect(try reopened.queryOne("SELECT note FROM entry WHERE id = 9")?.string("note") == "queued")
    }
}

@Suite struct DatabaseWriterLifetimeTests {
    @Test func closeFromInsideAJob_CommitsThatJobAndThenRefusesNewOnes() async throws {
        let folder = TemporaryDirectory()
        let writer = try DatabaseWriter(path: folder.file("lifetime.sqlite"))
        try await writer.write { database in
            try database.execute("CREATE TABLE t (x)")
            writer.close()
            try database.execute("INSERT INTO t VALUES (1)")
        }
        await #expect(throws: DatabaseError.self) { try await writer.write { _ in 1 } }
        let reopened = try Database(path: writer.path)
        #expect(try reopened.queryOne("SELECT count(*) AS n FROM t")?.int("n") == 1)
    }
}
