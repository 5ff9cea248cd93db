import Testing
@testable import CheckoutCore

@Suite struct IdempotencyPolicyTests {
    let policy = IdempotencyPolicy()
    let start = Timestamp(seconds: 1_795_514_400)

    static let answer = IdempotentAnswer(status: 201, body: Array("{}".utf8))

    func record(endpoint: String = "POST /v1/shops/s/orders", hash: String = "h1") -> IdempotencyRecord {
        IdempotencyRecord(caller: "usr_1", key: "k", endpoint: endpoint, requestHash: hash, answer: Self.answer,
                          createdAt: start)
    }

    func claim(endpoint: String = "POST /v1/shops/s/orders", hash: String = "h1") -> IdempotencyClaim {
        IdempotencyClaim(caller: "usr_1", key: "k", endpoint: endpoint, requestHash: hash)
    }

    @Test func aNewKeyRuns() throws {
        #expect(try policy.decide(existing: nil, claim: claim(), now: start) == nil)
    }

    @Test func aKeyWithTheSameRequestReplaysItsAnswer() throws {
        #expect(try policy.decide(existing: record(), claim: claim(), now: start.adding(seconds: 3600)) == Self.answer)
    }

    @Test func aDifferentBodyOrEndpointIsKeyReused() {
        for other in [claim(hash: "h2"), claim(endpoint: "POST /v1/orders/o/cancel")] {
            let error = #expect(throws: CheckoutError.self) { try policy.decide(existing: record(), claim: other, now: start) }
            #expect(error?.code == .idempotencyKeyReused)
            #expect(error?.param == "Idempotency-Key")
        }
    }

    @Test func answersAreKeptForADayThenTheKeyRunsAfresh() throws {
        #expect(try policy.decide(existing: record(), claim: claim(), now: start.adding(seconds: 86_399)) == Self.answer)
        #expect(try policy.decide(existing: record(), claim: claim(hash: "x"), now: start.adding(seconds: 86_400)) == nil)
    }

    @Test func retentionNeverDropsBelowADay() {
        #expect(IdempotencyPolicy(retentionSeconds: 60).retentionSeconds == 86_400)
    }

    @Test(arguments: ["", String(repeating: "k", count: 256), "tab\there", "naïve", "new\nline"])
    func malformedKeysAreInvalidRequestOnTheHeader(key: String) {
        let error = #expect(throws: CheckoutError.self) { try IdempotencyPolicy.validate(key: key) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.param == "Idempotency-Key")
    }

    @Test(arguments: ["k", String(repeating: "k", count: 255), "order 42 / retry #1", "550e8400-e29b-41d4-a716-446655440000"])
    func printableKeysUpTo255AreAccepted(key: String) throws {
        try IdempotencyPolicy.validate(key: key)
    }
}
