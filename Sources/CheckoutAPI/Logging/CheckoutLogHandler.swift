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

    public func log(event: LogEvent) {
        emit(level: event.level, message: event.message, metadata: event.metadata)
    }

    private func emit(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?) {
        var merged = metadata
        if let extra {
            if merged.isEmpty { merged = extra } else { merged.merge(extra) { _, new in new } }
        }
        var bytes: [UInt8]
        if format == .json {
            bytes = Array(Self.json(level: level, message: message.description, metadata: merged).utf8)
        } else {
            bytes = Self.textBytes(level: level, message: message.description, metadata: merged)
        }
        bytes.append(UInt8(ascii: "\n"))
        Self.lock.withLock { _ in
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

    /// `2026-11-25T16:22:20` of the last second seen: the date part is formatted once a second.
    private static let secondCache = Mutex<(second: Int, text: String)>((0, ""))

    /// RFC 3339 UTC with milliseconds, e.g. `2026-11-25T16:22:20.031Z`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let second = Int(now.tv_sec)
        var prefix = secondCache.withLock { $0.second == second ? $0.text : "" }
        if prefix.isEmpty {
            var t = now.tv_sec
            var parts = tm()
            gmtime_r(&t, &parts)
            prefix = "\(parts.tm_year + 1900)-\(pad2(parts.tm_mon + 1))-\(pad2(parts.tm_mday))T"
                + "\(pad2(parts.tm_hour)):\(pad2(parts.tm_min)):\(pad2(parts.tm_sec))"
            secondCache.withLock { $0 = (second, prefix) }
        }
        let ms = Int(now.tv_nsec / 1_000_000)
        return prefix + (ms < 10 ? ".00" : ms < 100 ? ".0" : ".") + String(ms) + "Z"
    }

    private static func pad2(_ value: Int32) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }

    /// The text line as bytes, built without intermediate strings (the access log's hot path).
    static func textBytes(level: Logger.Level, message: String, metadata: Logger.Metadata) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + message.utf8.count + metadata.count * 48)
        out.append(contentsOf: timestamp().utf8)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: level.rawValue.utf8)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: message.utf8)
        func add(_ key: String, _ value: Logger.MetadataValue) {
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: key.utf8)
            out.append(UInt8(ascii: "="))
            if case .string(let text) = value { out.append(contentsOf: text.utf8) } else { out.append(contentsOf: value.description.utf8) }
        }
        if metadata.count == 1, let (key, value) = metadata.first {
            add(key, value)
        } else {
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { add(key, value) }
        }
        return out
    }


    static func json(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var object: [String: String] = ["ts": timestamp(), "level": level.rawValue, "msg": message]
        for (key, value) in metadata { object[key] = value.description }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
