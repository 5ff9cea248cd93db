import CheckoutSQLite
import Testing

/// Load shedding: past `maxQueuedJobs` waiting jobs, a write is refused at once (nothing runs),
/// the queued ones still commit, and the writer takes new jobs as soon as the queue drains.
@Suite struct WriterSheddingTests {
    let folder = TemporaryDirectory()
    let writer: DatabaseWriter

    init() throws {
        var configuration = WriterConfiguration()
        configuration.maxQueuedJobs = 2
        writer = try DatabaseWriter(path: folder.file("shed.sqlite"), writer: configuration)
        try writer.writeAndWait { try $0.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY)") }
    }

    private func insert(_ id: Int) async throws {
        try await writer.write { try $0.execute("INSERT INTO entry (id) VALUES (?)", [id]) }
    }

    @Test func queueFull_RefusesAtOnce_QueuedJobsStillCommit() async throws {
        let gate = Gate()
        let started = Gate()
        let holder = Task { try await writer.write { _ in started.open(); gate.wait() } }
        await Task.detached { started.wait() }.value
        let queued = [Task { try await insert(1) }, Task { try await insert(2) }]
        #expect(await eventually { writer.queuedJobCount == 2 })

        do {
            try await insert(3)
            Issue.record("expected the third waiting write to be shed")
        } catch let error as DatabaseError {
            #expect(error.isOverloaded)
            #expect(error.isBusy)  // transient, like any busy database
        }
        #expect(writer.statistics.shedJobs == 1)

        gate.open()
        try await holder.value
        for task in queued { try await task.value }
        try await insert(4)
        let ids = try writer.writeAndWait { try $0.query("SELECT id FROM entry ORDER BY id").map { try $0.int("id") } }
        #expect(ids == [1, 2, 4])  // the shed write left nothing behind
    }

    @Test func noLimit_ByDefault() throws {
        #expect(WriterConfiguration().maxQueuedJobs == 0)
        #expect(!DatabaseError.connectionIsClosed().isOverloaded)
    }
}
