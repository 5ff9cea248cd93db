import CheckoutStorePostgres
import Foundation

/// The run's throwaway PostgreSQL server (started by `make test` through
/// `.ci/pg-test-server.sh`, its URL in `CHECKOUT_TEST_DATABASE_URL`), and a fresh schema
/// per test on it so tests never see each other's rows.
public enum PostgresTestDatabase {
    /// The variable `make test` sets.
    public static let environmentVariable = "CHECKOUT_TEST_DATABASE_URL"

    /// Why a PostgreSQL test cannot run; it fails, never skips.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    /// The server's configuration (its `checkout_test` database, schema `public`).
    public static func serverConfiguration() throws -> PostgresConfiguration {
        guard let url = ProcessInfo.processInfo.environment[environmentVariable], !url.isEmpty else {
            throw Unavailable(description: "\(environmentVariable) is not set: run `make test`, or start a server with "
                              + "`.ci/pg-test-server.sh start DIR` and export the URL it prints")
        }
        return try PostgresConfiguration(url: url)
    }

    /// A configuration whose connections put a new, empty schema first on their search path.
    public static func freshConfiguration(prefix: String = "t") async throws -> PostgresConfiguration {
        var configuration = try serverConfiguration()
        let schema = "\(prefix)_\(UInt64.random(in: 0...UInt64.max) % 1_000_000_000_000)"
        let admin = PostgresPool(configuration: configuration, size: 1)
        defer { admin.close() }
        try await admin.withConnection { connection in try connection.executeScript("CREATE SCHEMA \(schema)") }
        configuration.schema = schema
        return configuration
    }

    /// A pool on a fresh schema with every migration applied.
    public static func migratedPool(size: Int = 4) async throws -> PostgresPool {
        let pool = PostgresPool(configuration: try await freshConfiguration(), size: size)
        _ = try await Blocking.run { try PostgresSchema.migrator.migrate(pool) }
        return pool
    }
}

extension PostgresTestDatabase {
    /// A new, empty database on the run's server, as a URL a `chatcheckout` process can take.
    public static func freshDatabaseURL(prefix: String = "e2e") async throws -> String {
        let server = try serverConfiguration()
        let name = "\(prefix)_\(UInt64.random(in: 0...UInt64.max) % 1_000_000_000_000)"
        let admin = PostgresPool(configuration: server, size: 1)
        defer { admin.close() }
        try await admin.withConnection { connection in try connection.executeScript("CREATE DATABASE \(name)") }
        let credentials = server.user.map { $0 + (server.password.map { ":" + $0 } ?? "") + "@" } ?? ""
        return "postgres://\(credentials)\(server.host):\(server.port)/\(name)"
    }
}
