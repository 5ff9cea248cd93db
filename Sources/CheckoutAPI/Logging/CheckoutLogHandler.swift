import Foundation
import Logging
import Synchronization

/// Writes one line per log record to stdout, as text or as one JSON object, unbuffered
/// (a line is never lost on exit). Secrets never reach it: callers log ids, not tokens.
public struct CheckoutLogHandler: LogHandler {
    public enum Format: String, Sendable { case text, json }

    private static let lock = Mutex(())
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public let label: String
    public let format: Format

    public init(label: String, level: Logger.Level, format: Format) {
        self.label = label
        self.logLevel = level
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?,
        source: String, file: String, function: String, line _: UInt
    ) {
        var merged = metadata
        if let extra { merged.merge(extra) { _, new in new } }
        let line = format == .json
            ? Self.json(level: level, message: "\(message)", metadata: merged)
            : Self.text(level: level, message: "\(message)", metadata: merged)
        Self.lock.withLock { _ in
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
        }
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var t = now.tv_sec
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, now.tv_nsec / 1_000_000)
    }

    static func text(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var line = "\(timestamp()) \(level) \(message)"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        return line
    }

    static func json(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var object: [String: String] = ["ts": timestamp(), "level": "\(level)", "msg": message]
        for (key, value) in metadata { object[key] = "\(value)" }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
