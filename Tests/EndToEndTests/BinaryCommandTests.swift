import CheckoutTesting
import Foundation
import Testing

/// `migrate`, `shops create` and `backup` on the built binary.
@Suite struct BinaryCommandTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cc-cmd-\(UUID().uuidString)").path

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Shell.run(ServiceProcess.binaryPath, arguments + ["--db", directory + "/checkout.sqlite"])
    }

    @Test func migrate_AppliesOnceThenReportsUpToDate() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try run(["migrate"])
        #expect(first.status == 0)
        #expect(first.output.contains("applied migration 1"))
        let second = try run(["migrate"])
        #expect(second.status == 0)
        #expect(!second.output.contains("applied migration"))
        #expect(second.output.contains("schema at version"))
    }

    @Test func newerSchema_RefusesToStartWithOneLine() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try run(["migrate"]).status == 0)
        let sqlite = try Shell.run("sqlite3", [directory + "/checkout.sqlite",
            "INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'from the future', 0);"])
        #expect(sqlite.status == 0, "\(sqlite.output)")
        let refused = try run(["migrate"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("CHECKOUT_DB"))
        #expect(refused.output.contains("9999"))
        #expect(refused.output.split(separator: "\n").count == 1)
    }

    @Test func notADatabase_StopsStartUpNamingCHECKOUT_DB() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: directory + "/checkout.sqlite"))
        let result = try run(["serve", "--http-port", String(ServiceProcess.freePort())])
        #expect(result.status == 1)
        #expect(result.output.contains("CHECKOUT_DB"))
        #expect(result.output.split(separator: "\n").count == 1)
    }

    @Test func shopsCreate_PrintsTheIdAndKeyOnce_AndBackupCopiesIt() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let created = try run(["shops", "create", "--name", "Tea House"])
        #expect(created.status == 0)
        let id = created.output.split(separator: "\n").first { $0.hasPrefix("shop_id: shop_") }
        #expect(id != nil)
        #expect(created.output.contains("secret_key: sk_"))
        let copy = directory + "/copy.sqlite"
        #expect(try run(["backup", copy]).status == 0)
        let rows = try Shell.run("sqlite3", [copy, "SELECT name FROM shops;"])
        #expect(rows.output.contains("Tea House"))
    }
}
