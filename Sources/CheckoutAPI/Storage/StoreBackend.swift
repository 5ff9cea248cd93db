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
                let storage = try PostgresStorage.open(postgres)
                // Every committed ledger event is NOTIFYed, so live streams on any replica can follow.
                PostgresLedgerFeed.announce(storage)
                return storage.stores
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
}
