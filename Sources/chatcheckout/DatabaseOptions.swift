import ArgumentParser
import CheckoutAPI

/// The settings of the commands that only open the database (`migrate`, `backup`,
/// `shops create`), so their `--help` lists only what they use.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "SQLite database file (CHECKOUT_DB).") var database: String?
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL instead of SQLite (CHECKOUT_DATABASE_URL).")
    var databaseURL: String?

    /// The flags given, keyed by environment variable name.
    var overrides: [String: String] {
        var result: [String: String] = [:]
        if let database { result[Setting.database.variable] = database }
        if let databaseURL { result[Setting.databaseURL.variable] = databaseURL }
        return result
    }
}
