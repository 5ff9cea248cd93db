import CheckoutTesting
import Foundation
import Testing

/// `docs/openapi.json` (committed, written by `make openapi`) is exactly what the server serves.
@Suite struct OpenAPIDriftTests {
    static let committed = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/openapi.json")

    @Test func committedDocument_IsTheServedOne() async throws {
        let app = try await InProcessApp.make()
        defer { app.close() }
        let served = try await app.test(.inProcess) { try await $0.get("/openapi.json") }
        let file = try Data(contentsOf: Self.committed)
        let committed = try #require(try JSONSerialization.jsonObject(with: file) as? NSDictionary)
        let live = try #require(try JSONSerialization.jsonObject(with: Data(served.body)) as? NSDictionary)
        #expect(committed == live, "docs/openapi.json differs from GET /openapi.json: run `make openapi`")
    }
}
