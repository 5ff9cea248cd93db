import Foundation

/// Where and how to connect, parsed from a `postgres://user:pass@host:port/db?sslmode=…` URL.
///
/// Only what libpq needs crosses to it, as keyword/value pairs; the password never appears in
/// `description` or in an error message.
public struct PostgresConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The setting the URL comes from, named in every error about it.
    public static let settingName = "CHECKOUT_DATABASE_URL"
    /// The `sslmode` values libpq knows.
    public static let sslModes: Set<String> = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    public var host: String
    public var port: Int = 5432
    public var user: String?
    public var password: String?
    public var database: String
    /// libpq's `sslmode`; nil leaves libpq's default (`prefer`).
    public var sslMode: String?
    /// Seconds a connection attempt may take before the server counts as unreachable.
    public var connectTimeoutSeconds = 5
    /// Shown in `pg_stat_activity`.
    public var applicationName = "chatcheckout"
    /// A schema put first on the search path (tests give each suite its own); nil: `public`.
    public var schema: String?

    public init(host: String, port: Int = 5432, user: String? = nil, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// Parses and validates `url`.
    /// - Throws: `PostgresConfigurationError` whose description is one line naming `settingName`.
    public init(url: String) throws(PostgresConfigurationError) {
        self = try PostgresURLParser.parse(url)
    }

    /// True when `text` looks like a PostgreSQL URL (the scheme selects the backend).
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// The URL without the password, for logs.
    public var description: String {
        let credentials = user.map { (password == nil ? $0 : "\($0):***") + "@" } ?? ""
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let query = sslMode.map { "?sslmode=\($0)" } ?? ""
        return "postgres://\(credentials)\(hostPart):\(port)/\(database)\(query)"
    }

    /// The keyword/value pairs for `PQconnectdbParams`.
    var connectionParameters: [(String, String)] {
        var options = "-c TimeZone=UTC -c DateStyle=ISO -c client_min_messages=warning"
        if let schema { options += " -c search_path=\(schema),public" }
        var pairs: [(String, String)] = [
            ("host", host), ("port", String(port)), ("dbname", database),
            ("connect_timeout", String(connectTimeoutSeconds)), ("application_name", applicationName),
            ("client_encoding", "UTF8"), ("options", options),
            ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
        ]
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password)) }
        if let sslMode { pairs.append(("sslmode", sslMode)) }
        return pairs
    }
}

/// A `CHECKOUT_DATABASE_URL` that cannot be used; the description is the one line start-up prints.
public struct PostgresConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { "\(PostgresConfiguration.settingName): \(reason)" }
}
