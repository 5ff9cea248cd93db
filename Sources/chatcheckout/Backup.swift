import ArgumentParser
import CheckoutAPI
import Foundation

/// `chatcheckout backup PATH`: a consistent copy of the live SQLite database (SQLite backup
/// API), safe while the server runs. On PostgreSQL it explains `pg_dump` and exits 1.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Copy the live database consistently to PATH.")

    @Argument(help: "Where to write the copy.") var path: String
    @OptionGroup var settings: DatabaseOptions

    func run() throws {
        let config = Startup.loadConfiguration(settings.overrides)
        guard config.postgres != nil || FileManager.default.fileExists(atPath: config.databasePath) else {
            Startup.fail("configuration error: CHECKOUT_DB names no database: \(config.databasePath)")
        }
        do {
            try StoreBackend.backup(config, to: path)
        } catch {
            Startup.fail("backup to \(path) not made: \(error)")
        }
        print("backup of \(config.databasePath) written to \(path)")
    }
}
