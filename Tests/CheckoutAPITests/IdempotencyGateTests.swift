import CheckoutAPI
import CheckoutCore
import CheckoutHTTP
import CheckoutTesting
import Synchronization
import Testing

/// Idempotency keys over HTTP, on the real SQLite store.
@Suite struct IdempotencyGateTests {
    static let shop = Shop(id: "shop_A", name: "A", currency: .cny, createdAt: Timestamp(seconds: 0))

    /// Counts runs of the route and holds a run until released.
    final class Probe: Sendable {
        let runs = Atomic<Int>(0)
        let released = Atomic<Bool>(false)
        let started = Atomic<Int>(0)
    }

    /// `POST /things` (and `/other`) running through the gate: each run creates a shop, committed
    /// with the key's answer (201 with the run count), or fails as its body says (`hold`, `boom`
    /// = 503, `bad` = 400).
    static func make(required: Bool = false) throws -> (InProcessApp, Probe, InProcessClient) {
        let app = try InProcessApp()
        let probe = Probe()
        let gate = IdempotencyGate(service: app.app.services.idempotency)
        let catalog = app.app.services.catalog
        let router = Router()
        router.addMiddleware(ErrorMiddleware(logger: LogCapture().logger))
        let handler: RouteHandler = { request in
            let caller: Caller = request.headers["X-Caller"] == "other"
                ? .shop(Shop(id: "shop_B", name: "B", currency: .cny, createdAt: Timestamp(seconds: 0))) : .shop(shop)
            return try await gate.run(request, caller: caller, required: required, respond: { (count: Int) in
                .json(Array(#"{"run":\#(count)}"#.utf8), status: .created)
            }) { commit in
                probe.started.add(1, ordering: .relaxed)
                let body = String(decoding: request.body, as: UTF8.self)
                if body.contains("hold") {
                    while !probe.released.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(5)) }
                }
                let count = probe.runs.add(1, ordering: .relaxed).newValue
                if body.contains("boom") { throw CheckoutError(.unavailable, "down") }
                if body.contains("bad") { throw CheckoutError.invalidRequest("bad", param: "x") }
                let run: @Sendable (ShopCreation) -> Int = { _ in count }
                return try await catalog.createShop(ShopDraft(name: "run \(count)"), commit: commit?.pullback(run)).map(run)
            }
        }
        router.post("/things", handler)
        router.post("/other", handler)
        return (app, probe, InProcessClient(responder: router.buildResponder()))
    }

    @Test func sameKeyAndBody_ReplaysTheFirstAnswerWithTheReplayHeader() async throws {
        let (app, probe, client) = try Self.make()
        defer { app.close() }
        let first = try await client.post("/things", json: #"{"a":1}"#, headers: ["Idempotency-Key": "k1"])
        let second = try await client.post("/things", json: #"{"a":1}"#, headers: ["Idempotency-Key": "k1"])
        #expect(first.status == 201)
        #expect(first.header("Idempotent-Replayed") == nil)
        #expect(second.status == 201)
        #expect(second.body == first.body)
        #expect(second.header("Idempotent-Replayed") == "true")
        #expect(second.mediaType == "application/json")
        #expect(probe.runs.load(ordering: .relaxed) == 1)
    }

    @Test func sameKeyWithAnotherBodyOrEndpoint_Is409KeyReused() async throws {
        let (app, probe, client) = try Self.make()
        defer { app.close() }
        _ = try await client.post("/things", json: #"{"a":1}"#, headers: ["Idempotency-Key": "k1"])
        let otherBody = try await client.post("/things", json: #"{"a":2}"#, headers: ["Idempotency-Key": "k1"])
        let otherPath = try await client.post("/other", json: #"{"a":1}"#, headers: ["Idempotency-Key": "k1"])
        #expect(otherBody.status == 409)
        #expect(otherBody.errorCode == "idempotency_key_reused")
        #expect(otherPath.errorCode == "idempotency_key_reused")
        #expect(probe.runs.load(ordering: .relaxed) == 1)
    }

    @Test func keysAreScopedPerCaller() async throws {
        let (app, probe, client) = try Self.make()
        defer { app.close() }
        _ = try await client.post("/things", json: "{}", headers: ["Idempotency-Key": "k1"])
        let other = try await client.post("/things", json: "{}", headers: ["Idempotency-Key": "k1", "X-Caller": "other"])
        #expect(other.status == 201)
        #expect(other.header("Idempotent-Replayed") == nil)
        #expect(probe.runs.load(ordering: .relaxed) == 2)
    }

    @Test func duplicateWhileTheFirstRuns_Is409Conflict_AndNeverRunsTwice() async throws {
        let (app, probe, client) = try Self.make()
        defer { app.close() }
        async let first = client.post("/things", json: #"{"hold":1}"#, headers: ["Idempotency-Key": "k1"])
        while probe.started.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let second = try await client.post("/things", json: #"{"hold":1}"#, headers: ["Idempotency-Key": "k1"])
        probe.released.store(true, ordering: .relaxed)
        #expect(second.status == 409)
        #expect(second.errorCode == "conflict")
        #expect(try await first.status == 201)
        #expect(probe.runs.load(ordering: .relaxed) == 1)
    }

    @Test func serverErrors_AreNotStored_SoARetryRunsAgain() async throws {
        let (app, probe, client) = try Self.make()
        defer { app.close() }
        let first = try await client.post("/things", json: #"{"boom":1}"#, headers: ["Idempotency-Key": "k1"])
        let retry = try await client.post("/things", json: #"{"boom":1}"#, headers: ["Idempotency-Key": "k1"])
        #expect(first.status == 503)
        #expect(retry.status == 503)
        #expect(retry.header("Idempotent-Replayed") == nil)
        #expect(probe.runs.load(ordering: .relaxed) == 2)
    }

    @Test func clientErrors_AreStoredAndReplayed() async throws {
        let (app, probe, client) = try Self.make()
        defer { app.close() }
        let first = try await client.post("/things", json: #"{"bad":1}"#, headers: ["Idempotency-Key": "k1"])
        let retry = try await client.post("/things", json: #"{"bad":1}"#, headers: ["Idempotency-Key": "k1"])
        #expect(first.status == 400)
        #expect(retry.status == 400)
        #expect(retry.errorParam == "x")
        #expect(retry.header("Idempotent-Replayed") == "true")
        #expect(probe.runs.load(ordering: .relaxed) == 1)
    }

    @Test func missingKeyWhereRequired_Is400NamingTheHeader() async throws {
        let (app, probe, client) = try Self.make(required: true)
        defer { app.close() }
        let response = try await client.post("/things", json: "{}")
        #expect(response.status == 400)
        #expect(response.errorParam == "Idempotency-Key")
        #expect(probe.runs.load(ordering: .relaxed) == 0)
    }

    @Test func missingKeyWhereOptional_JustRuns() async throws {
        let (app, probe, client) = try Self.make()
        defer { app.close() }
        _ = try await client.post("/things", json: "{}")
        _ = try await client.post("/things", json: "{}")
        #expect(probe.runs.load(ordering: .relaxed) == 2)
    }

    @Test(arguments: [String(repeating: "k", count: 256), "tab\there", "ключ"])
    func malformedKey_Is400NamingTheHeader(key: String) async throws {
        let (app, probe, client) = try Self.make()
        defer { app.close() }
        let response = try await client.post("/things", json: "{}", headers: ["Idempotency-Key": key])
        #expect(response.status == 400)
        #expect(response.errorParam == "Idempotency-Key")
        #expect(probe.runs.load(ordering: .relaxed) == 0)
    }

    @Test func longestValidKey_IsAccepted() async throws {
        let (app, _, client) = try Self.make()
        defer { app.close() }
        let response = try await client.post("/things", json: "{}", headers: ["Idempotency-Key": String(repeating: "k", count: 255)])
        #expect(response.status == 201)
    }
}
