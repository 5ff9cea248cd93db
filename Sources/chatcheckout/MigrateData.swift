import ArgumentParser
import CheckoutAPI
import CheckoutStorePostgres
import Foundation

/// `chatcheckout migrate-data`: moves a shop from SQLite to PostgreSQL in one step.
struct MigrateData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-data",
        abstract: "Copy every table of an SQLite database into an empty PostgreSQL database (stop serving first).")

    @Option(name: .customLong("from"), help: "The SQLite database file to copy (default: CHECKOUT_DB).") var source: String?
    @Option(name: .customLong("to"), help: "The empty PostgreSQL database (default: CHECKOUT_DATABASE_URL).") var target: String?

    @Option(name: .customLong("page-size"), help: "Rows read and written at a time (default 1000); memory stays one page whatever the table's size.")
    var pageSize: Int = 1_000

    func validate() throws {
        guard pageSize >= 1 else { throw ValidationError("--page-size must be at least 1") }
    }

    func run() throws {
        var overrides: [String: String] = [:]
        if let source { overrides[Setting.database.variable] = source }
        if let target { overrides[Setting.databaseURL.variable] = target }
        let config = Startup.loadConfiguration(overrides)
        guard let postgres = config.postgres else {
            Startup.fail("\(Setting.databaseURL.variable) (or --to) must name the PostgreSQL database to copy into")
        }
        do {
            let copied = try StoreBackend.copySQLite(at: config.databasePath, to: postgres, pageSize: pageSize)
            for (table, rows) in copied { print("\(table): \(rows) rows") }
            print("copied \(copied.reduce(0) { $0 + $1.1 }) rows in \(copied.count) tables from \(config.databasePath) to \(postgres)")
        } catch {
            Startup.fail("\(error)")
        }
    }
}
