import ArgumentParser
import CheckoutAPI
import Foundation

/// `chatcheckout migrate`: brings the database schema up to date and says what it did.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations (serve does it too).")

    @OptionGroup var settings: DatabaseOptions

    func run() throws {
        let config = Startup.loadConfiguration(settings.overrides)
        do {
            let result = try StoreBackend.migrate(config)
            for line in result.applied { print("applied migration \(line)") }
            print("schema at version \(result.version) (\(StoreBackend.describe(config)))")
        } catch {
            Startup.fail("\(error)")
        }
    }
}
