import CheckoutCore
import CheckoutStorePostgres
import CheckoutTesting
import CheckoutThreads
import Testing

@Suite struct PostgresPoolTests {
    @Test func manyJobs_ShareABoundedSetOfConnections() async throws {
        let pool = PostgresPool(configuration: try await PostgresTestDatabase.freshConfiguration(), size: 3)
        defer { pool.close() }
        let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<60 {
                group.addTask { try await pool.withConnection { connection in connection.backendPID } }
            }
            return try await group.reduce(into: Set<Int32>()) { $0.insert($1) }
        }
        #expect(pids.count <= 3)
        #expect(!pids.isEmpty)
    }

    @Test func guardedDecrement_NeverOversellsUnderConcurrency() async throws {
        let pool = PostgresPool(configuration: try await PostgresTestDatabase.freshConfiguration(), size: 4)
        defer { pool.close() }
        try await pool.withConnection { connection in
            try connection.executeScript("CREATE TABLE p (id text PRIMARY KEY, stock bigint CHECK (stock >= 0))")
            try connection.execute("INSERT INTO p VALUES ('x', 5)")
        }
        let sold = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await pool.transaction { connection in
                        try connection.execute("UPDATE p SET stock = stock - 1 WHERE id = 'x' AND stock >= 1") == 1
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(sold == 5)
        let stock = try await pool.withConnection { try $0.queryOne("SELECT stock FROM p")!.int("stock") }
        #expect(stock == 0)
    }

    @Test func lostWhileRunning_FailsAsUnavailableThenReconnects() async throws {
        let configuration = try await PostgresTestDatabase.freshConfiguration()
        let pool = PostgresPool(configuration: configuration, size: 1, reconnectDelay: 0)
        let admin = PostgresPool(configuration: configuration, size: 1)
        defer { pool.close(); admin.close() }
        let victim = try await pool.withConnection { $0.backendPID }
        let running = Task { try await pool.withConnection { try $0.query("SELECT pg_sleep(30)") } }
        // Terminated mid-statement (polled until the backend is running it; bounded: 10 s).
        for _ in 0..<200 {
            let active = try await admin.withConnection { connection in
                try connection.queryOne("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1 AND state = 'active'",
                                       [Int(victim)])!.int("n")
            }
            if active == 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        _ = try await admin.withConnection { try $0.query("SELECT pg_terminate_backend($1)", [Int(victim)]) }
        let lost = await #expect(throws: PostgresError.self) { _ = try await running.value }
        #expect(lost?.kind == .unavailable)
        #expect(lost?.storageError.kind == .unavailable)
        let after = try await pool.withConnection { connection in (connection.backendPID, try connection.queryOne("SELECT 1 AS n")!.int("n")) }
        #expect(after.0 != victim)
        #expect(after.1 == 1)
    }

    @Test func closedWhileIdle_IsReplacedBeforeTheNextJob() async throws {
        let configuration = try await PostgresTestDatabase.freshConfiguration()
        let pool = PostgresPool(configuration: configuration, size: 1, reconnectDelay: 0)
        let admin = PostgresPool(configuration: configuration, size: 1)
        defer { pool.close(); admin.close() }
        let victim = try await pool.withConnection { $0.backendPID }
        _ = try await admin.withConnection { try $0.query("SELECT pg_terminate_backend($1, 10000)", [Int(victim)]) }
        // The server's goodbye waits in the idle socket: the job runs on a new connection.
        let after = try await pool.withConnection { connection in (connection.backendPID, try connection.queryOne("SELECT 1 AS n")!.int("n")) }
        #expect(after.0 != victim)
        #expect(after.1 == 1)
    }

    @Test func unreachableServer_IsUnavailableWithoutThePassword() throws {
        var configuration = try PostgresConfiguration(url: "postgres://u:hunter2@127.0.0.1:1/db?connect_timeout=2")
        configuration.applicationName = "unreachable-test"
        let pool = PostgresPool(configuration: configuration, size: 1)
        defer { pool.close() }
        #expect {
            try pool.checkConnection()
        } throws: { error in
            guard let error = error as? PostgresError else { return false }
            return error.kind == .unavailable && !error.description.contains("hunter2")
                && error.description.contains("127.0.0.1:1")
        }
    }

    @Test func closedPool_FailsNewJobs() async throws {
        let pool = PostgresPool(configuration: try await PostgresTestDatabase.freshConfiguration(), size: 1)
        pool.close()
        pool.close()
        let error = await #expect(throws: PostgresError.self) { try await pool.withConnection { _ in 1 } }
        #expect(error?.kind == .closed)
    }

    @Test func deadlock_IsRetriedAsAWhole() async throws {
        let pool = PostgresPool(configuration: try await PostgresTestDatabase.freshConfiguration(), size: 2)
        defer { pool.close() }
        try await pool.withConnection { try $0.executeScript("CREATE TABLE d (id integer PRIMARY KEY, n integer); INSERT INTO d VALUES (1, 0), (2, 0)") }
        let attempts = AttemptCounter()
        // Two transactions lock the rows in opposite order; PostgreSQL breaks the deadlock by
        // failing one (40P01), which the pool runs again.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for order in [[1, 2], [2, 1]] {
                group.addTask {
                    try await pool.transaction { connection in
                        attempts.count.withLock { $0 += 1 }
                        try connection.execute("UPDATE d SET n = n + 1 WHERE id = $1", [order[0]])
                        _ = try connection.query("SELECT pg_sleep(0.2)")
                        try connection.execute("UPDATE d SET n = n + 1 WHERE id = $1", [order[1]])
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = try await pool.withConnection { try $0.queryOne("SELECT sum(n)::bigint AS n FROM d")!.int("n") }
        #expect(total == 4)
        #expect(attempts.count.withLock { $0 } >= 2)
    }
}

private final class AttemptCounter: Sendable {
    let count = Locked(0)
}
