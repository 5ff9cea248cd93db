@testable import CheckoutStoreSQLite
import CheckoutSQLite
import Testing
@testable import CheckoutCore

/// The writer job that stores the stock gate's sold-out answers under their keys: multi-row
/// INSERTs for new keys, and the usual keyed write (replay, reused key, expired answer
/// replaced) for each refusal whose key has a record, wherever it stands in the job.
@Suite struct SoldOutRefusalTests {
    typealias Placement = IdempotentPlacementTests
    static let error = CheckoutError.outOfStock("Not enough stock of Tea for 1.", param: "items[0].quantity")

    static func refusal(_ key: String, hash: String = "hash-1", now: Timestamp = Timestamp(seconds: 1_795_514_400))
        -> SoldOutRefusal {
        let commit = Placement.commit(Placement.claim(key, hash: hash), now: now)
        return SoldOutRefusal(commit: commit, error: error, answer: try! commit.answer(.failure(error)))
    }

    static func refuse(_ storage: SQLiteStorage, _ refusals: [SoldOutRefusal]) async throws
        -> [Result<IdempotentOutcome<Order>, any Error>] {
        try await storage.write { db in try SQLiteOrderStore.refuse(refusals, db) }
    }

    static func storedAnswer(_ storage: SQLiteStorage, _ key: String) async throws -> IdempotentAnswer? {
        try await storage.readers.read { db in try SQLiteIdempotencyStore.record(db, Placement.claim(key))?.answer }
    }

    /// 0, 1, and counts that cross every statement size (256, 64, 16, 4, 1 rows).
    @Test(arguments: [1, 5, 21, 300, 512])
    func newKeys_AreAllStoredWithTheirAnswer(count: Int) async throws {
        try await TestEnvironment.with { env in
            let refusals = (0..<count).map { Self.refusal("new-\($0)") }
            let outcomes = try await Self.refuse(env.storage, refusals)
            #expect(outcomes.count == count)
            for outcome in outcomes {
                guard case .success(.refused(let error as CheckoutError)) = outcome else { Issue.record("\(outcome)"); continue }
                #expect(error == Self.error)
            }
            let stored = try await env.storage.readers.read { db in
                try db.queryOne("SELECT count(*) AS n FROM idempotency_keys WHERE response_status = 409")?.int("n")
            }
            #expect(stored == count)
            #expect(try await Self.storedAnswer(env.storage, "new-\(count - 1)") == refusals[0].answer)
        }
    }

    /// The answered keys stand among new ones: in the first 256-row statement, in a 16-row one
    /// and in the last 4-row one (300 = 256 + 16 + 16 + 4 + 4 + 4); only they take the keyed path.
    @Test(arguments: [5, 300])
    func keysAnsweredBefore_ReplayOrAreRefused_AndEveryOtherKeyIsStored(count: Int) async throws {
        try await TestEnvironment.with { env in
            let placed = IdempotentAnswer(status: 201, body: Array("ord_first".utf8))
            let policy = IdempotencyPolicy()
            let start = Timestamp(seconds: 1_795_514_400)
            for key in ["replayed", "reused"] {
                _ = try await SQLiteIdempotencyStore(env.storage).store(placed, for: Placement.claim(key), policy: policy, now: start)
            }
            // An answer past the retention period: the key is free again and its row replaced.
            let old = start.adding(seconds: -2 * policy.retentionSeconds)
            _ = try await SQLiteIdempotencyStore(env.storage).store(placed, for: Placement.claim("expired"), policy: policy, now: old)

            var refusals = (0..<count).map { Self.refusal("new-\($0)") }
            let special = count == 5 ? [1, 2, 3] : [7, 260, 299]
            refusals[special[0]] = Self.refusal("replayed")
            refusals[special[1]] = Self.refusal("reused", hash: "other-body")
            refusals[special[2]] = Self.refusal("expired")
            let outcomes = try await Self.refuse(env.storage, refusals)
            #expect(outcomes.count == count)
            for (index, outcome) in outcomes.enumerated() {
                switch (index, outcome) {
                case (special[0], .success(.replay(let replay))): #expect(replay == placed)
                case (special[1], .failure(let reused as CheckoutError)): #expect(reused.code == .idempotencyKeyReused)
                case (_, .success(.refused(let error as CheckoutError))) where !special[...1].contains(index):
                    #expect(error == Self.error)
                default: Issue.record("refusal \(index): \(outcome)")
                }
            }
            for index in 0..<count where !special.contains(index) {
                #expect(try await Self.storedAnswer(env.storage, "new-\(index)") == refusals[0].answer)
            }
            #expect(try await Self.storedAnswer(env.storage, "expired") == refusals[0].answer)
            #expect(try await Self.storedAnswer(env.storage, "replayed") == placed)
            #expect(try await Self.storedAnswer(env.storage, "reused") == placed, "a reused key keeps its first answer")
        }
    }
}
