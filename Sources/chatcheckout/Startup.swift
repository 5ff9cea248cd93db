import CheckoutAPI
import Foundation
import Logging

/// Start-up helpers shared by the commands: one line on stderr and exit 1 on failure.
enum Startup {
    static func loadConfiguration(_ options: SettingOptions) -> AppConfiguration {
        do {
            let values = SettingValues(environment: ProcessInfo.processInfo.environment, overrides: options.overrides)
            return try AppConfiguration.load(values)
        } catch {
            fail(error.description)
        }
    }

    static func makeLogger(_ config: AppConfiguration) -> Logger {
        let level = Logger.Level(rawValue: config.logLevel) ?? .info
        let format = CheckoutLogHandler.Format(rawValue: config.logFormat) ?? .text
        LoggingSystem.bootstrap { label in CheckoutLogHandler(label: label, level: level, format: format) }
        return Logger(label: "chatcheckout")
    }

    /// Prints `message` as one line on stderr and exits with status 1.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("chatcheckout: \(message)\n".utf8))
        fflush(nil)
        exit(1)
    }
}
