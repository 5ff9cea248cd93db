import Synchronization
import Testing
@testable import CheckoutCore

/// `IdempotencyService.run` over the real store: replays, reuse, concurrent duplicates, client
/// errors stored alone, server errors never stored, retention.
@Suite struct IdempotencyServiceTests {
    static let endpoint = "POST /v1/shops/shop_1/orders"

    static func claim(_ key: String = "k1", caller: String = "usr_1", hash: String = "h",
                      endpoint: String = endpoint) -> IdempotencyClaim {
        IdempotencyClaim(caller: caller, key: key, endpoint: endpoint, requestHash: hash)
    }

    /// Success → 201 with the value; CheckoutError → 409 with its code; anything else → 503.
    static let render: @Sendable (Result<String, any Error>) throws -> IdempotentAnswer = { result in
        switch result {
        case .success(let value): IdempotentAnswer(status: 201, body: Array(value.utf8))
        case .failure(let error as CheckoutError): IdempotentAnswer(status: 409, body: Array(error.code.rawValue.utf8))
        case .failure: IdempotentAnswer(status: 503, body: [])
        }
    }

    /// How often a write ran.
    final class Runs: Sendable {
        private let count = Atomic(0)
        func add() { count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }

    /// A write that commits through a real store: a shop, with the key's answer in the same
    /// transaction (`value` runs first and may throw before the store is reached).
    static func run(_ env: TestEnvironment, _ claim: IdempotencyClaim = claim(), runs: Runs? = nil,
                    _ value: @escaping @Sendable () throws -> String = { "v" }) async throws -> IdempotentOutcome<String> {
        try await env.services.idempotency.run(claim, answer: render) { commit in
            runs?.add()
            return try await write(env, value: try value(), commit: commit)
        }
    }

    /// `value` as the answer of a shop created under `commit`.
    static func write(_ env: TestEnvironment, value: String, commit: IdempotentCommit<String>) async throws
        -> IdempotentOutcome<String> {
        let answer: @Sendable (ShopCreation) -> String = { _ in value }
        return try await env.services.catalog.createShop(ShopDraft(name: value), commit: commit.pullback(answer)).map(answer)
    }

    @Test func theSameRequestReplaysTheFirstAnswer_ForADay() async throws {
        try await TestEnvironment.with { env in
            let runs = Runs()
            guard case .done("v", let answer) = try await Self.run(env, runs: runs) else { Issue.record(); return }
            #expect(answer == IdempotentAnswer(status: 201, body: Array("v".utf8)))
            env.clock.advance(seconds: 86_399)
            guard case .replay(let replayed) = try await Self.run(env, runs: runs) else { Issue.record(); return }
            #expect(replayed == answer)
            #expect(runs.value == 1)
        }
    }

    @Test func aDifferentBodyOrEndpointIsKeyReused_AndKeysArePerCaller() async throws {
        try await TestEnvironment.with { env in
            _ = try await Self.run(env)
            for other in [Self.claim(hash: "h2"), Self.claim(endpoint: "POST /v1/orders/o/payments")] {
                #expect(await checkoutError { try await Self.run(env, other) }?.code == .idempotencyKeyReused)
            }
            guard case .done = try await Self.run(env, Self.claim(caller: "usr_2")) else { Issue.record(); return }
        }
    }

    @Test func clientErrorsBeforeTheWrite_AreStoredAlone_ServerErrorsNever() async throws {
        try await TestEnvironment.with { env in
            struct Down: Error {}
            let runs = Runs()
            await #expect(throws: Down.self) { try await Self.run(env, runs: runs) { throw Down() } }
            await #expect(throws: Down.self) { try await Self.run(env, runs: runs) { throw Down() } }
            #expect(runs.value == 2, "a 5xx is not stored: the retry runs")
            let refused = try await Self.run(env, runs: runs) { throw CheckoutError.invalidState("no") }
            guard case .refused = refused else { Issue.record("\(refused)"); return }
            guard case .replay(let answer) = try await Self.run(env, runs: runs) else { Issue.record(); return }
            #expect(answer == IdempotentAnswer(status: 409, body: Array("invalid_state".utf8)))
            #expect(runs.value == 3)
        }
    }

    @Test func aDuplicateWhileTheFirstRuns_IsConflict_AndNeverRunsTwice() async throws {
        try await TestEnvironment.with { env in
            let keys = env.services.idempotency
            let runs = Runs()
            let release = Atomic(false)
            async let first = keys.run(Self.claim(), answer: Self.render) { commit in
                runs.add()
                while !release.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(2)) }
                return try await Self.write(env, value: "v", commit: commit)
            }
            while runs.value == 0 { try await Task.sleep(for: .milliseconds(2)) }
            #expect(await checkoutError { try await Self.run(env, runs: runs) }?.code == .conflict)
            release.store(true, ordering: .relaxed)
            guard case .done = try await first else { Issue.record(); return }
            #expect(runs.value == 1)
            guard case .replay = try await Self.run(env, runs: runs) else { Issue.record(); return }
        }
    }

    @Test func aKeyedWriteWhoseStoreIgnoredTheCommit_IsAServerError_AndStoresNothing() async throws {
        try await TestEnvironment.with { env in
            let keys = env.services.idempotency
            let error = await checkoutError {
                try await keys.run(Self.claim(), answer: Self.render) { _ in .done("v", answer: nil) }
            }
            #expect(error?.code == .internal)
            guard case .done = try await Self.run(env) else { Issue.record("nothing was stored: the retry runs"); return }
        }
    }

    @Test func answersExpireAfterRetentionAndPurgeRemovesThem() async throws {
        try await TestEnvironment.with { env in
            let keys = env.services.idempotency
            _ = try await Self.run(env)
            env.clock.advance(seconds: 86_400)
            #expect(try await keys.purgeExpired() == 1)
            guard case .done = try await Self.run(env, Self.claim(hash: "other")) else { Issue.record(); return }
        }
    }

    @Test func malformedKeysAreRejectedBeforeStorage() async throws {
        try await TestEnvironment.with { env in
            let error = await checkoutError { try await Self.run(env, Self.claim("")) }
            #expect(error?.param == "Idempotency-Key")
        }
    }
}
