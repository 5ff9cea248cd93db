import CheckoutCore
import CheckoutStoreSQLite

/// Which storage backend the configuration selects, and what the commands do with it. The one
/// place the API names a backend module: a new backend adds its case here.
public enum StoreBackend {
    /// Opens (creating and migrating) the configured database and returns its stores.
    /// - Throws: `ConfigurationError` naming the setting, with the backend's reason.
    public static func open(_ configuration: AppConfiguration) throws -> CheckoutStores {
        do {
            return try SQLiteStorage.open(path: configuration.databasePath).stores
        } catch {
            throw ConfigurationError(setting: Setting.database.variable, "\(configuration.databasePath) cannot be used: \(error)")
        }
    }

    /// Applies pending migrations (`chatcheckout migrate`).
    /// - Returns: one line per applied migration and the schema version reached.
    public static func migrate(_ configuration: AppConfiguration) throws -> (applied: [String], version: Int) {
        do {
            return try SQLiteMaintenance.migrate(path: configuration.databasePath)
        } catch {
            throw ConfigurationError(setting: Setting.database.variable, "\(configuration.databasePath): \(error)")
        }
    }

    /// A consistent copy of the live database to `destination` (`chatcheckout backup`).
    public static func backup(_ configuration: AppConfiguration, to destination: String) throws {
        try SQLiteMaintenance.backup(path: configuration.databasePath, to: destination)
    }
}
