import Testing
@testable import CheckoutCore

@Suite struct IdempotencyServiceTests {
    let endpoint = "POST /v1/shops/shop_1/orders"

    @Test func theSameRequestReplaysTheFirstAnswer() async throws {
        try await TestEnvironment.with { env in
            let keys = env.services.idempotency
            let hash = IdempotencyService.requestHash(body: Array(#"{"a":1}"#.utf8))
            #expect(try await keys.begin(caller: "usr_1", key: "k1", endpoint: endpoint, requestHash: hash) == .proceed)
            try await keys.complete(caller: "usr_1", key: "k1", status: 201, body: Array(#"{"id":"ord_1"}"#.utf8))
            env.clock.advance(seconds: 86_399)
            #expect(try await keys.begin(caller: "usr_1", key: "k1", endpoint: endpoint, requestHash: hash)
                == .replay(status: 201, body: Array(#"{"id":"ord_1"}"#.utf8)))
        }
    }

    @Test func aDifferentBodyOrEndpointIsKeyReused() async throws {
        try await TestEnvironment.with { env in
            let keys = env.services.idempotency
            _ = try await keys.begin(caller: "usr_1", key: "k1", endpoint: endpoint, requestHash: "h1")
            try await keys.complete(caller: "usr_1", key: "k1", status: 201, body: [])
            let body = await checkoutError { try await keys.begin(caller: "usr_1", key: "k1", endpoint: endpoint, requestHash: "h2") }
            #expect(body?.code == .idempotencyKeyReused)
            let route = await checkoutError {
                try await keys.begin(caller: "usr_1", key: "k1", endpoint: "POST /v1/orders/o/payments", requestHash: "h1")
            }
            #expect(route?.code == .idempotencyKeyReused)
        }
    }

    @Test func aKeyInProgressIsConflictAndKeysAreScopedPerCaller() async throws {
        try await TestEnvironment.with { env in
            let keys = env.services.idempotency
            let first = try await keys.begin(caller: "usr_1", key: "k", endpoint: endpoint, requestHash: "h")
            #expect(first == .proceed)
            #expect(await checkoutError { try await keys.begin(caller: "usr_1", key: "k", endpoint: endpoint, requestHash: "h") }?.code == .conflict)
            #expect(try await keys.begin(caller: "usr_2", key: "k", endpoint: endpoint, requestHash: "h") == .proceed)
        }
    }

    @Test func serverErrorsAreNotStoredSoARetryRunsAgain() async throws {
        try await TestEnvironment.with { env in
            let keys = env.services.idempotency
            _ = try await keys.begin(caller: "usr_1", key: "k", endpoint: endpoint, requestHash: "h")
            try await keys.complete(caller: "usr_1", key: "k", status: 503, body: Array("down".utf8))
            #expect(try await keys.begin(caller: "usr_1", key: "k", endpoint: endpoint, requestHash: "h") == .proceed)
            try await keys.complete(caller: "usr_1", key: "k", status: 409, body: Array("no".utf8))
            #expect(try await keys.begin(caller: "usr_1", key: "k", endpoint: endpoint, requestHash: "h")
                == .replay(status: 409, body: Array("no".utf8)))
        }
    }

    @Test func tenConcurrentBeginsWithOneKeyLetExactlyOneProceed() async throws {
        try await TestEnvironment.with { env in
            let keys = env.services.idempotency
            let endpoint = endpoint
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        do {
                            return try await keys.begin(caller: "usr_1", key: "same", endpoint: endpoint,
                                                        requestHash: "h") == .proceed ? "proceed" : "replay"
                        } catch let error as CheckoutError {
                            return error.code.rawValue
                        } catch {
                            return "other"
                        }
                    }
                }
                var all = [String]()
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "proceed" }.count == 1)
            #expect(outcomes.filter { $0 == "conflict" }.count == 9)
        }
    }

    @Test func answersExpireAfterRetentionAndPurgeRemovesThem() async throws {
        try await TestEnvironment.with { env in
            let keys = env.services.idempotency
            _ = try await keys.begin(caller: "usr_1", key: "old", endpoint: endpoint, requestHash: "h")
            try await keys.complete(caller: "usr_1", key: "old", status: 201, body: [])
            env.clock.advance(seconds: 86_400)
            #expect(try await keys.purgeExpired() == 1)
            #expect(try await keys.begin(caller: "usr_1", key: "old", endpoint: endpoint, requestHash: "other") == .proceed)
        }
    }

    @Test func startUpReleasesKeysLeftInProgress() async throws {
        try await TestEnvironment.with { env in
            let keys = env.services.idempotency
            _ = try await keys.begin(caller: "usr_1", key: "k", endpoint: endpoint, requestHash: "h")
            #expect(try await keys.releaseInProgress() == 1)
            #expect(try await keys.begin(caller: "usr_1", key: "k", endpoint: endpoint, requestHash: "h") == .proceed)
        }
    }

    @Test func malformedKeysAreRejectedBeforeStorage() async throws {
        try await TestEnvironment.with { env in
            let error = await checkoutError {
                try await env.services.idempotency.begin(caller: "usr_1", key: "", endpoint: endpoint, requestHash: "h")
            }
            #expect(error?.param == "Idempotency-Key")
        }
    }
}
