import Foundation

/// Parses `postgres[ql]://[user[:password]@]host[:port]/database[?sslmode=…&connect_timeout=…&application_name=…]`.
///
/// Strict on purpose: an unknown query parameter, a missing database or a port out of range is
/// an error at start-up, not a surprise at the first query. User, password and database are
/// percent-decoded; an IPv6 host is written in brackets.
enum PostgresURLParser {
    static func parse(_ url: String) throws(PostgresConfigurationError) -> PostgresConfiguration {
        guard !url.isEmpty else { throw PostgresConfigurationError("is empty") }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            throw PostgresConfigurationError("contains a space or control character")
        }
        guard let schemeEnd = url.range(of: "://"),
              ["postgres", "postgresql"].contains(url[..<schemeEnd.lowerBound]) else {
            throw PostgresConfigurationError("must start with postgres:// or postgresql://")
        }
        var rest = url[schemeEnd.upperBound...]
        if rest.contains("#") { throw PostgresConfigurationError("must not have a #fragment") }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw PostgresConfigurationError("names no database (postgres://host:5432/DATABASE)")
        }
        let authority = rest[..<slash]
        let database = try decode(rest[rest.index(after: slash)...], "database name")
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresConfigurationError("names no database (postgres://host:5432/DATABASE)")
        }
        var hostPort = authority
        var user: String?
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try decode(userInfo[..<colon], "user")
                password = try decode(userInfo[userInfo.index(after: colon)...], "password")
            } else {
                user = try decode(userInfo, "user")
            }
            if user?.isEmpty == true { throw PostgresConfigurationError("has an empty user name before @") }
        }
        let (host, port) = try splitHostPort(hostPort)
        var configuration = PostgresConfiguration(host: host, port: port ?? 5432, user: user, password: password,
                                                  database: database)
        try applyQuery(query, to: &configuration)
        return configuration
    }

    private static func splitHostPort(_ text: Substring) throws(PostgresConfigurationError) -> (String, Int?) {
        var host = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw PostgresConfigurationError("has an unclosed [IPv6] host") }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw PostgresConfigurationError("has text after the [IPv6] host") }
                portText = after.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { throw PostgresConfigurationError("names no host (postgres://HOST:5432/database)") }
        guard let portText else { return (String(host), nil) }
        guard portText.count <= 5, portText.allSatisfy(\.isASCIIDigit), let port = Int(portText), (1...65_535).contains(port) else {
            throw PostgresConfigurationError("port must be a number from 1 to 65535")
        }
        return (String(host), port)
    }

    private static func applyQuery(_ query: Substring, to configuration: inout PostgresConfiguration)
        throws(PostgresConfigurationError) {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = try decode(parts.count == 2 ? parts[1] : "", "parameter \(name)")
            switch name {
            case "sslmode":
                guard PostgresConfiguration.sslModes.contains(value) else {
                    throw PostgresConfigurationError("sslmode must be one of \(PostgresConfiguration.sslModes.sorted().joined(separator: ", "))")
                }
                configuration.sslMode = value
            case "connect_timeout":
                guard let seconds = Int(value), (1...300).contains(seconds) else {
                    throw PostgresConfigurationError("connect_timeout must be whole seconds from 1 to 300")
                }
                configuration.connectTimeoutSeconds = seconds
            case "application_name":
                guard !value.isEmpty, value.count <= 63 else {
                    throw PostgresConfigurationError("application_name must be 1 to 63 characters")
                }
                configuration.applicationName = value
            default:
                throw PostgresConfigurationError(
                    "unknown parameter \(name.isEmpty ? "(empty)" : name) (known: sslmode, connect_timeout, application_name)")
            }
        }
    }

    private static func decode(_ text: Substring, _ what: String) throws(PostgresConfigurationError) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw PostgresConfigurationError("\(what) has a malformed %-escape")
        }
        guard !decoded.unicodeScalars.contains(where: { $0.value == 0 }) else {
            throw PostgresConfigurationError("\(what) contains a NUL character")
        }
        return decoded
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
