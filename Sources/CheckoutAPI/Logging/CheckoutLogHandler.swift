import CheckoutCore
import CheckoutHTTP
import Foundation
import Logging
import CheckoutThreads

/// Writes one line per log record to stdout, as text or as one JSON object, unbuffered
/// (a line is never lost on exit). Secrets never reach it: callers log ids, not tokens.
public struct CheckoutLogHandler: LogHandler {
    public enum Format: String, Sendable { case text, json }

    private static let lock = Locked(())
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
        bytes.withUnsafeBytes { Self.writeLines($0) }
    }

    /// Writes complete lines to stdout under the one lock every log line takes (lines of
    /// different threads never interleave).
    static func writeLines(_ raw: UnsafeRawBufferPointer) {
        lock.withLock { _ in
            var offset = 0
            while offset < raw.count {
                let n = write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    /// RFC 3339 UTC with milliseconds, e.g. `2026-11-25T16:22:20.031Z`.
    static func timestamp() -> String {
        var bytes: [UInt8] = []
        appendTimestamp(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the current `timestamp()` to `out` without intermediate strings (one per log line).
    static func appendTimestamp(to out: inout [UInt8]) {
        out.append(maximum: maximumTimestampLength) { writeTimestamp(to: &$0) }
    }

    /// Writes the current `timestamp()` through `out` (room: `maximumTimestampLength`).
    static func writeTimestamp(to out: inout ByteCursor) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        writeTimestamp(seconds: Int64(now.tv_sec), nanoseconds: Int(now.tv_nsec), to: &out)
    }

    /// The most bytes `writeTimestamp` writes.
    static let maximumTimestampLength = Timestamp.maximumRFC3339Length + 4

    /// Appends `seconds` since the epoch plus `nanoseconds` (0..<10⁹) as RFC 3339 with milliseconds.
    static func appendTimestamp(seconds: Int64, nanoseconds: Int, to out: inout [UInt8]) {
        out.append(maximum: maximumTimestampLength) { writeTimestamp(seconds: seconds, nanoseconds: nanoseconds, to: &$0) }
    }

    /// Writes what `appendTimestamp(seconds:nanoseconds:to:)` appends through `out`.
    static func writeTimestamp(seconds: Int64, nanoseconds: Int, to out: inout ByteCursor) {
        // Without its "Z", which goes after the milliseconds.
        out.write(maximum: Timestamp.maximumRFC3339Length) { Timestamp(seconds: seconds).writeRFC3339(to: $0) - 1 }
        let ms = nanoseconds / 1_000_000
        out.byte(UInt8(ascii: "."))
        out.byte(UInt8(ascii: "0") + UInt8(ms / 100))
        out.byte(UInt8(ascii: "0") + UInt8(ms / 10 % 10))
        out.byte(UInt8(ascii: "0") + UInt8(ms % 10))
        out.byte(UInt8(ascii: "Z"))
    }

    /// The text line as bytes, built without intermediate strings (the access log's hot path).
    static func textBytes(level: Logger.Level, message: String, metadata: Logger.Metadata) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + message.utf8.count + metadata.count * 48)
        appendTimestamp(to: &out)
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
