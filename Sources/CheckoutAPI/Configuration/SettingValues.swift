import Foundation

/// Raw setting values: the environment, overridden by flags; typed readers that fail with
/// a `ConfigurationError` naming the setting.
public struct SettingValues: Sendable {
    private var values: [String: String]

    /// - Parameters:
    ///   - environment: the process environment.
    ///   - overrides: values given as flags, keyed by variable name; they win.
    public init(environment: [String: String], overrides: [String: String] = [:]) {
        values = environment.merging(overrides) { _, flag in flag }
    }

    /// Whether the setting was given (environment or flag), not just defaulted.
    public func isSet(_ setting: Setting) -> Bool {
        !(values[setting.variable] ?? "").isEmpty
    }

    /// The value set or its default; empty strings count as unset.
    public func string(_ setting: Setting) -> String? {
        if let value = values[setting.variable], !value.isEmpty { return value }
        return setting.defaultValue
    }

    public func required(_ setting: Setting) throws(ConfigurationError) -> String {
        guard let value = string(setting) else { throw ConfigurationError(setting, "is required") }
        return value
    }

    /// An integer within `range`.
    public func int(_ setting: Setting, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let text = string(setting) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(setting, "must be an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    /// `0`/`1` (also true/false, yes/no).
    public func bool(_ setting: Setting) throws(ConfigurationError) -> Bool {
        switch string(setting)?.lowercased() {
        case nil, "0", "false", "no", "off": return false
        case "1", "true", "yes", "on": return true
        case let other?: throw ConfigurationError(setting, "must be 0 or 1, got \"\(other)\"")
        }
    }

    /// One of `choices`.
    public func choice(_ setting: Setting, _ choices: [String]) throws(ConfigurationError) -> String {
        let value = string(setting)?.lowercased() ?? ""
        guard choices.contains(value) else {
            throw ConfigurationError(setting, "must be one of \(choices.joined(separator: ", ")), got \"\(value)\"")
        }
        return value
    }

    /// An http(s) URL without a trailing slash.
    public func url(_ setting: Setting) throws(ConfigurationError) -> String? {
        guard var text = string(setting) else { return nil }
        guard text.hasPrefix("http://") || text.hasPrefix("https://"), text.count > 8, !text.contains(" ") else {
            throw ConfigurationError(setting, "must be an http:// or https:// URL, got \"\(text)\"")
        }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// A path to a readable file.
    public func readableFile(_ setting: Setting) throws(ConfigurationError) -> String? {
        guard let path = string(setting) else { return nil }
        guard access(path, R_OK) == 0 else {
            throw ConfigurationError(setting, "names a file that cannot be read: \(path)")
        }
        return path
    }
}
