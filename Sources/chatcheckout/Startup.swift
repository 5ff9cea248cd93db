import CheckoutAPI
import Foundation
import Logging

/// Start-up helpers shared by the commands: one line on stderr and exit 1 on failure.
enum Startup {
    /// The configuration from the environment and `overrides` (flags, by variable name).
    static func loadConfiguration(_ overrides: [String: String]) -> AppConfiguration {
        do {
            let values = SettingValues(environment: ProcessInfo.processInfo.environment, overrides: overrides)
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

    /// The access log in the same format and level as `makeLogger`'s lines, buffered per event-loop wake-up.
    static func makeAccessLog(_ config: AppConfiguration) -> CheckoutAccessLog {
        CheckoutAccessLog(level: Logger.Level(rawValue: config.logLevel) ?? .info,
                          format: CheckoutLogHandler.Format(rawValue: config.logFormat) ?? .text)
    }

    /// Runs async work from a synchronous command and waits for it.
    static func await<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return box.result!
    }

    private final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }

    /// Prints `message` as one line on stderr and exits with status 1.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("chatcheckout: \(message)\n".utf8))
        fflush(nil)
        exit(1)
    }
}
