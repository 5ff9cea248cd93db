import CheckoutCore
@testable import CheckoutStorePostgres
import CheckoutTesting
import Testing

/// Round trips the stores save: `readAutocommit` sends its one statement alone (no BEGIN or COMMIT),
/// a new Idempotency-Key is claimed by one INSERT, and the keyed write's savepoint is not released.
@Suite struct PostgresRoundTripTests {
    @Test func readAutocommit_RunsOutsideATransaction_ReadInsideOne() async throws {
        let storage = try PostgresStorage.open(try await PostgresTestDatabase.freshConfiguration(), connections: 1)
        defer { storage.close() }
        let single = try await storage.readAutocommit { db in
            (db.isInTransaction, try db.queryOne("SELECT 7::bigint AS n").map { try $0.int64("n") })
        }
        #expect(single.0 == false)
        #expect(single.1 == 7)
        let snapshot = try await storage.read { db in db.isInTransaction }
        #expect(snapshot)
        // The connection goes back to the pool idle either way.
        #expect(try await storage.readAutocommit { db in db.isInTransaction } == false)
    }

    @Test func statementCount_CountsEveryStatementRun() async throws {
        let storage = try PostgresStorage.open(try await PostgresTestDatabase.freshConfiguration(), connections: 1)
        defer { storage.close() }
        let counted = try await storage.read { db in
            let before = db.statementCount
            _ = try db.query("SELECT 1 AS one")
            _ = try db.queryOne("SELECT 2 AS two")
            try db.execute("SELECT 3")
            return db.statementCount - before
        }
        #expect(counted == 3)
    }

    @Test func readAutocommit_TranslatesErrorsToStorageErrors() async throws {
        let storage = try PostgresStorage.open(try await PostgresTestDatabase.freshConfiguration(), connections: 1)
        defer { storage.close() }
        await #expect(throws: StorageError.self) {
            _ = try await storage.readAutocommit { db in try db.query("SELECT * FROM no_such_table") }
        }
        #expect(try await storage.readAutocommit { db in try db.queryOne("SELECT 1 AS one") != nil })
    }

    @Test func savepointLeftOpen_KeepsItsChanges_ALaterOneStillRollsBackAlone() async throws {
        let storage = try PostgresStorage.open(try await PostgresTestDatabase.freshConfiguration(), connections: 1)
        defer { storage.close() }
        let kept = try await storage.write { db in
            try db.executeScript("CREATE TABLE sp_probe (n integer)")
            try db.savepoint(release: false) { db in _ = try db.execute("INSERT INTO sp_probe VALUES (1)") }
            _ = try? db.savepoint { db -> Int in
                try db.execute("INSERT INTO sp_probe VALUES (2)")
                throw StorageError(.conflict, "roll this one back")
            }
            try db.execute("INSERT INTO sp_probe VALUES (3)")
            return try db.query("SELECT n FROM sp_probe ORDER BY n").map { try $0.int("n") }
        }
        #expect(kept == [1, 3])
        let committed = try await storage.readAutocommit { db in try db.query("SELECT n FROM sp_probe ORDER BY n").map { try $0.int("n") } }
        #expect(committed == [1, 3])
    }

    @Test func newKey_IsClaimedByOneStatement_AnExistingOneIsDecidedOnItsRow() async throws {
        let storage = try PostgresStorage.open(try await PostgresTestDatabase.freshConfiguration(), connections: 1)
        defer { storage.close() }
        let claim = IdempotencyClaim(caller: "user_1", key: "k-1", endpoint: "POST /v1/orders", requestHash: "h1")
        let now = Timestamp(milliseconds: 1_764_844_800_000)
        let policy = IdempotencyPolicy()
        let first = try await storage.write { db in
            let before = db.statementCount
            let replay = try PostgresIdempotencyStore.claim(db, claim, policy: policy, now: now)
            let statements = db.statementCount - before
            try PostgresIdempotencyStore.complete(db, claim, answer: IdempotentAnswer(status: 201, body: Array("done".utf8)))
            return (replay, statements)
        }
        #expect(first.0 == nil)
        #expect(first.1 == 1)
        let again = try await storage.write { db in try PostgresIdempotencyStore.claim(db, claim, policy: policy, now: now) }
        #expect(again == IdempotentAnswer(status: 201, body: Array("done".utf8)))
        let other = IdempotencyClaim(caller: "user_1", key: "k-1", endpoint: "POST /v1/orders", requestHash: "h2")
        await #expect(throws: CheckoutError.self) {
            _ = try await storage.write { db in try PostgresIdempotencyStore.claim(db, other, policy: policy, now: now) }
        }
    }
}
