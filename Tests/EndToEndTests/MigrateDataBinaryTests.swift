import CheckoutTesting
import Foundation
import Testing

/// `chatcheckout migrate-data`: a shop that ran on SQLite (share, click, credited sale, payout,
/// refund) moves to PostgreSQL, and the API answers the same there.
@Suite(.serialized) struct MigrateDataBinaryTests {
    static let admin = "e2e-admin-token-0123456789"

    /// What the API shows of the shop, its sharer and its buyer.
    static func snapshot(_ port: Int, key: String, sharer: String) throws -> [String: String] {
        var answers: [String: String] = [:]
        for (path, token) in [("/v1/orders?limit=100", key), ("/v1/products?limit=100", key), ("/v1/commissions", key),
                              ("/v1/stats?group_by=sharer", key), ("/v1/stats?group_by=hour", key),
                              ("/v1/stats?group_by=scene", key), ("/v1/me/share-links", sharer),
                              ("/v1/me/commissions", sharer)] {
            let response = try PostgresReplicaBinaryTests.call(port, "GET", path, token: token)
            #expect(response.status == 200, "\(path): \(response.text)")
            answers[path] = response.text
        }
        return answers
    }

    @Test func aShopOnSQLite_MovesToPostgreSQLWithEveryRowAndTheSameAnswers() async throws {
        // The database outlives the SQLite server (which removes its own data folder).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-move-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("checkout.sqlite").path
        let sqlite = try ServiceProcess(environment: ["CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": Self.admin,
                                                      "CHECKOUT_DB": database])
        defer { sqlite.stop() }
        let script = RewardsBinaryTests.lifecycle + "\necho \"KEY=$KEY\"; echo \"SHARER=$SHARER\"\n"
        let run = try await Blocking.run {
            try Shell.run("/bin/bash", ["-c", script], environment: ["BASE": "http://127.0.0.1:\(sqlite.port)", "ADMIN": Self.admin],
                          timeout: 90)
        }
        try #require(run.status == 0, "\(run.output)")
        let values = Dictionary(run.output.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 && ["KEY", "SHARER"].contains(parts[0]) ? (parts[0], parts[1]) : nil
        }) { $1 }
        let (key, sharer) = (try #require(values["KEY"]), try #require(values["SHARER"]))
        let before = try Self.snapshot(sqlite.port, key: key, sharer: sharer)
        sqlite.stop()

        let url = try await PostgresTestDatabase.freshDatabaseURL(prefix: "moved")
        // Two rows a page: every table with more rows crosses pages.
        let copy = try await Blocking.run {
            try Shell.run(ServiceProcess.binaryPath, ["migrate-data", "--from", database, "--to", url, "--page-size", "2"])
        }
        try #require(copy.status == 0, "\(copy.output)")
        let counts = copy.output.split(separator: "\n").filter { $0.contains(": ") && $0.hasSuffix(" rows") }
            .compactMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } }
        #expect(counts.contains { $0 > 2 }, "a table crosses pages: \(copy.output)")
        for table in ["orders: 1 rows", "share_links: 1 rows", "commissions: 1 rows", "commission_entries:", "payments: 1 rows"] {
            #expect(copy.output.contains(table), "\(table) in \(copy.output)")
        }
        let again = try await Blocking.run { try Shell.run(ServiceProcess.binaryPath, ["migrate-data", "--from", database, "--to", url]) }
        #expect(again.status != 0)
        #expect(again.output.contains("not empty"), "\(again.output)")

        let postgres = try ServiceProcess(environment: ["CHECKOUT_SANDBOX": "1", "CHECKOUT_ADMIN_TOKEN": Self.admin,
                                                        "CHECKOUT_DATABASE_URL": url])
        defer { postgres.stop() }
        let after = try Self.snapshot(postgres.port, key: key, sharer: sharer)
        for (path, text) in before.sorted(by: { $0.key < $1.key }) {
            #expect(after[path] == text, "\(path)\nSQLite:     \(text)\nPostgreSQL: \(after[path] ?? "-")")
        }
        // New ids continue after the copied ones (identity sequences advanced).
        let buyer = try PostgresReplicaBinaryTests.session(postgres.port, "after-move")
        let products = try PostgresReplicaBinaryTests.call(postgres.port, "GET", "/v1/products", token: key)
        let productID = try #require((products.json["data"] as? [[String: Any]])?.first?["id"] as? String)
        let placed = try PostgresReplicaBinaryTests.call(
            postgres.port, "POST", "/v1/shops/\(try #require((products.json["data"] as? [[String: Any]])?.first?["shop_id"] as? String))/orders",
            token: buyer, key: "after-move", body: PostgresReplicaBinaryTests.orderBody(productID))
        #expect(placed.status == 201, "\(placed.text)")
    }
}
