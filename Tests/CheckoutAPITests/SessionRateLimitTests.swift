import CheckoutCore
import CheckoutTesting
import Foundation
import Testing

/// `POST /v1/sessions` per client address: bursts of 100, then 429 `rate_limited` with
/// `Retry-After`, and 20 a second again as time passes.
@Suite struct SessionRateLimitTests {
    @Test func logins_PastTheBurst_Are429WithRetryAfter_ThenRefill() async throws {
        try await withApp { app, client in
            func login(_ n: Int) async throws -> TestResponse {
                try await client.post("/v1/sessions", json: #"{"platform":"sandbox","code":"rate-\#(n)"}"#)
            }
            for n in 0..<100 { #expect(try await login(n).status == 201) }
            let limited = try await login(100)
            #expect(limited.status == 429)
            #expect(limited.errorCode == "rate_limited")
            #expect(limited.header("Retry-After") == "1")
            app.clock.advance(seconds: 1)
            let refilled = try await (0..<21).asyncMap { try await login(200 + $0).status }
            #expect(refilled.filter { $0 == 201 }.count == 20)
            #expect(refilled.last == 429)
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
