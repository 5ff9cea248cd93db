import Foundation
import CheckoutCore
import CheckoutStorePostgres
import CheckoutStoreSQLite

/// Which storage backend the configuration selects, and what the commands do with it. The one
/// place the API names a backend module: SQLite at `CHECKOUT_DB` by default, PostgreSQL when
/// `CHECKOUT_DATABASE_URL` is set.
public enum StoreBackend {
    /// Opens (creating and migrating) the configured database and returns its stores.
    /// - Throws: `ConfigurationError` naming the setting, with the backend's reason.
    public static func open(_ configuration: AppConfiguration) throws -> CheckoutStores {
        if let postgres = configuration.postgres {
            do {
                return stores(try PostgresStorage.open(postgres))
            } catch {
                throw ConfigurationError(.databaseURL, "cannot be used: \(error)")
            }
        }
        do {
            return try SQLiteStorage.open(path: configuration.databasePath,
                                          writeQueueLimit: configuration.writeQueueLimit).stores
        } catch {
            throw ConfigurationError(setting: Setting.database.variable, "\(configuration.databasePath) cannot be used: \(error)")
        }
    }

    /// Every store of `storage`, with the live bus that reaches every replica of the database.
    public static func stores(_ storage: PostgresStorage) -> CheckoutStores {
        var stores = storage.stores
        stores.shareEvents = storage.startShareEventBus()
        return stores
    }

    /// Where the data lives, for messages: the SQLite path or the PostgreSQL URL without its password.
    public static func describe(_ configuration: AppConfiguration) -> String {
        configuration.postgres.map(String.init(describing:)) ?? configuration.databasePath
    }

    /// Applies pending migrations (`chatcheckout migrate`).
    /// - Returns: one line per applied migration and the schema version reached.
    public static func migrate(_ configuration: AppConfiguration) throws -> (applied: [String], version: Int) {
        if let postgres = configuration.postgres {
            do {
                return try PostgresMaintenance.migrate(postgres)
            } catch {
                throw ConfigurationError(.databaseURL, "\(postgres): \(error)")
            }
        }
        do {
            return try SQLiteMaintenance.migrate(path: configuration.databasePath)
        } catch {
            throw ConfigurationError(setting: Setting.database.variable, "\(configuration.databasePath): \(error)")
        }
    }

    /// A consistent copy of the live database to `destination` (`chatcheckout backup`).
    /// - Throws: `BackupUnsupported` with the `pg_dump` command to use on PostgreSQL.
    public static func backup(_ configuration: AppConfiguration, to destination: String) throws {
        if let postgres = configuration.postgres {
            throw PostgresMaintenance.BackupUnsupported(configuration: postgres, destination: destination)
        }
        try SQLiteMaintenance.backup(path: configuration.databasePath, to: destination)
    }

    /// Copies every table of the SQLite database at `path` into the empty PostgreSQL database
    /// `target` (`chatcheckout migrate-data`), in one transaction, `pageSize` rows in memory at a time.
    /// - Returns: the rows copied per table.
    /// - Throws: `ConfigurationError` naming the side that failed, with the reason.
    public static func copySQLite(at path: String, to target: PostgresConfiguration,
                                  pageSize: Int = 1_000) throws -> [(String, Int)] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError(setting: Setting.database.variable, "\(path) does not exist")
        }
        do {
            return try SQLiteExport.withTables(path: path) { tables in try PostgresImport.copy(tables, to: target, pageSize: pageSize) }
        } catch let refusal as PostgresImport.Refusal {
            throw ConfigurationError(.databaseURL, "\(target): \(refusal)")
        } catch {
            throw ConfigurationError(.databaseURL, "copying \(path) to \(target) failed, nothing was copied: \(error)")
        }
    }
}
