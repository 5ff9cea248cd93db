import CheckoutAPI
import CheckoutSQLite
import CheckoutStoreSQLite
import CheckoutTesting
import Foundation
import Testing

/// A full disk (SQLite's page limit reached) through the API: 503 in the contract shape,
/// nothing half-written, and writes resume once space is back.
@Suite struct DiskFullTests {
    @Test func fullDatabase_Answers503_KeepsNothing_ThenRecovers() async throws {
        let app = try await InProcessApp.make()
        defer { app.close() }
        let admin = ["Authorization": "Bearer \(InProcessApp.adminToken)"]
        let writer = app.sqlite.writer
        try await app.test(.inProcess) { client in
            #expect(try await client.post("/v1/shops", json: #"{"name":"Before"}"#, headers: admin).status == 201)
            // No page may be added any more: the next write fails as on a full disk.
            let pages = try await writer.write { db in try db.queryOne("PRAGMA page_count")?.int("page_count") ?? 0 }
            _ = try await writer.write { db in try db.query("PRAGMA max_page_count = \(pages)") }
            let big = String(repeating: "x", count: 190)
            var refused: TestResponse?
            for i in 0..<200 {
                let response = try await client.post("/v1/shops", json: #"{"name":"\#(big)-\#(i)"}"#, headers: admin)
                if response.status != 201 { refused = response; break }
            }
            let answer = try #require(refused)
            #expect(answer.status == 503)
            #expect(answer.errorCode == "unavailable")
            #expect(answer.text.contains(#""error""#))
            #expect(!answer.text.lowercased().contains("sqlite"))  // no internals in the answer
            let stored = try await writer.write { db in try db.queryOne("SELECT count(*) AS n FROM shops WHERE name LIKE 'xxxx%'")?.int("n") ?? 0 }
            // Space is back: writes work again, and the process never stopped.
            _ = try await writer.write { db in try db.query("PRAGMA max_page_count = 1073741823") }
            let after = try await client.post("/v1/shops", json: #"{"name":"After"}"#, headers: admin)
            #expect(after.status == 201)
            let count = try await writer.write { db in try db.queryOne("SELECT count(*) AS n FROM shops WHERE name LIKE 'xxxx%'")?.int("n") ?? 0 }
            #expect(count == stored)  // the refused shop left no row behind
        }
    }
}
