/// What the commands do to a PostgreSQL database without serving it.
public enum PostgresMaintenance {
    /// Applies pending migrations.
    /// - Returns: one line per applied migration, and the resulting schema version.
    public static func migrate(_ configuration: PostgresConfiguration) throws -> (applied: [String], version: Int) {
        let pool = PostgresPool(configuration: configuration, size: 1)
        defer { pool.close() }
        try pool.checkConnection()
        let migrator = PostgresSchema.migrator
        let applied = try migrator.migrate(pool).map { "\($0.version): \($0.name)" }
        return (applied, try migrator.currentVersion(pool))
    }

    /// `chatcheckout backup` on PostgreSQL: the server's own tool makes consistent copies of a
    /// live database, so the command explains it instead of copying.
    public struct BackupUnsupported: Error, CustomStringConvertible {
        public let configuration: PostgresConfiguration
        public let destination: String

        public init(configuration: PostgresConfiguration, destination: String) {
            self.configuration = configuration
            self.destination = destination
        }

        public var description: String {
            """
            the database is PostgreSQL (\(configuration)); back it up with the server's tool, which takes \
            a consistent snapshot while replicas keep serving: \
            pg_dump --format=custom --file=\(destination) "$CHECKOUT_DATABASE_URL" \
            (restore with pg_restore --dbname=URL \(destination))
            """
        }
    }
}
