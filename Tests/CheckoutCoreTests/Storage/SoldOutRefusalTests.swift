@testable import CheckoutStoreSQLite
import CheckoutSQLite
import Testing
@testable import CheckoutCore

/// The writer job that stores the stock gate's sold-out answers under their keys: multi-row
/// INSERTs when every key is new, and the usual keyed write per refusal (replay, reused key,
/// expired answer replaced) as soon as one key has a record.
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

    @Test func aKeyAnsweredBefore_SendsTheJobDownThePerKeyPath_AndEveryAnswerIsRight() async throws {
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

            let refusals = [Self.refusal("a"), Self.refusal("replayed"), Self.refusal("reused", hash: "other-body"),
                            Self.refusal("expired"), Self.refusal("b")]
            let outcomes = try await Self.refuse(env.storage, refusals)
            guard case .success(.refused) = outcomes[0], case .success(.replay(let replay)) = outcomes[1],
                  case .failure(let reused as CheckoutError) = outcomes[2], case .success(.refused) = outcomes[3],
                  case .success(.refused) = outcomes[4] else {
                Issue.record("\(outcomes)")
                return
            }
            #expect(replay == placed)
            #expect(reused.code == .idempotencyKeyReused)
            for key in ["a", "expired", "b"] { #expect(try await Self.storedAnswer(env.storage, key) == refusals[0].answer) }
            #expect(try await Self.storedAnswer(env.storage, "replayed") == placed)
            #expect(try await Self.storedAnswer(env.storage, "reused") == placed, "a reused key keeps its first answer")
        }
    }
}
