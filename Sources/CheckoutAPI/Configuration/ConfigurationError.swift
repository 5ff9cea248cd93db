/// A setting that cannot be used; its description is the one line printed at start-up.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    public let setting: String
    public let problem: String

    public init(_ setting: Setting, _ problem: String) {
        self.setting = setting.variable
        self.problem = problem
    }

    public init(setting: String, _ problem: String) {
        self.setting = setting
        self.problem = problem
    }

    public var description: String { "configuration error: \(setting) \(problem)" }
}
