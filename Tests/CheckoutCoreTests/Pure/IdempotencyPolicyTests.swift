import Testing
@testable import CheckoutCore

@Suite struct IdempotencyPolicyTests {
    let policy = IdempotencyPolicy()
    let start = Timestamp(seconds: 1_795_514_400)

    func record(_ state: IdempotencyRecord.State, endpoint: String = "POST /v1/shops/s/orders",
                hash: String = "h1", status: Int? = nil) -> IdempotencyRecord {
        IdempotencyRecord(caller: "usr_1", key: "k", endpoint: endpoint, requestHash: hash, state: state,
                          responseStatus: status, responseBody: status.map { _ in Array("{}".utf8) },
                          createdAt: start)
    }

    @Test func aNewKeyStarts() throws {
        #expect(try policy.decide(existing: nil, endpoint: "e", requestHash: "h", now: start) == .start)
    }

    @Test func aCompletedKeyWithTheSameRequestReplaysItsAnswer() throws {
        let decision = try policy.decide(existing: record(.completed, status: 201),
                                         endpoint: "POST /v1/shops/s/orders", requestHash: "h1",
                                         now: start.adding(seconds: 3600))
        #expect(decision == .replay(status: 201, body: Array("{}".utf8)))
    }

    @Test func aDifferentBodyOrEndpointIsKeyReused() {
        for (endpoint, hash) in [("POST /v1/shops/s/orders", "h2"), ("POST /v1/orders/o/cancel", "h1")] {
            for state in [IdempotencyRecord.State.completed, .inProgress] {
                let error = #expect(throws: CheckoutError.self) {
                    try policy.decide(existing: record(state, status: 201), endpoint: endpoint,
                                      requestHash: hash, now: start)
                }
                #expect(error?.code == .idempotencyKeyReused)
            }
        }
    }

    @Test func aKeyStillInProgressIsConflict() {
        let error = #expect(throws: CheckoutError.self) {
            try policy.decide(existing: record(.inProgress), endpoint: "POST /v1/shops/s/orders",
                              requestHash: "h1", now: start.adding(seconds: 10))
        }
        #expect(error?.code == .conflict)
    }

    @Test func answersAreKeptForADayThenTheKeyStartsAfresh() throws {
        let completed = record(.completed, status: 201)
        let justInside = start.adding(seconds: 86_399)
        #expect(try policy.decide(existing: completed, endpoint: "POST /v1/shops/s/orders",
                                  requestHash: "h1", now: justInside) == .replay(status: 201, body: Array("{}".utf8)))
        #expect(try policy.decide(existing: completed, endpoint: "other", requestHash: "x",
                                  now: start.adding(seconds: 86_400)) == .start)
    }

    @Test func retentionNeverDropsBelowADay() {
        #expect(IdempotencyPolicy(retentionSeconds: 60).retentionSeconds == 86_400)
    }

    @Test func staleInProgressKeysCanBeTakenOver() throws {
        let decision = try policy.decide(existing: record(.inProgress), endpoint: "POST /v1/shops/s/orders",
                                         requestHash: "h1", now: start.adding(seconds: policy.staleAfterSeconds))
        #expect(decision == .start)
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
