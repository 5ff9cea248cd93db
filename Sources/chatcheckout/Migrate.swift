import ArgumentParser
import CheckoutCore
import CheckoutSQLite
import Foundation

/// `chatcheckout migrate`: brings the database schema up to date and says what it did.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations (serve does it too).")

    @OptionGroup var settings: SettingOptions

    func run() throws {
        let config = Startup.loadConfiguration(settings)
        let writer = Startup.openWriter(config.databasePath)
        defer { writer.close() }
        do {
            let migrator = CheckoutSchema.migrator
            let applied = try migrator.migrate(writer)
            for migration in applied {
                print("applied migration \(migration.version): \(migration.name)")
            }
            print("schema at version \(try migrator.currentVersion(writer)) (\(config.databasePath))")
        } catch {
            Startup.fail(Startup.describeStorage(error, path: config.databasePath))
        }
    }
}
