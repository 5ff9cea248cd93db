import CheckoutHTTP
import Logging

/// The server's access log in the format of `CheckoutLogHandler` (text or JSON, level info),
/// written to stdout once per event-loop wake-up for every line of that round.
public struct CheckoutAccessLog: AccessLog {
    public let level: Logger.Level
    public let format: CheckoutLogHandler.Format

    public init(level: Logger.Level, format: CheckoutLogHandler.Format) {
        self.level = level
        self.format = format
    }

    /// `2026-11-25T16:22:20.031Z info GET /healthz 200 2B 0ms request_id=…` (or the JSON
    /// object `CheckoutLogHandler` writes for the same record).
    public func append(_ entry: AccessLogEntry, to buffer: inout [UInt8]) {
        guard level <= .info else { return }
        if format == .json {
            let object = CheckoutLogHandler.json(level: .info, message: entry.message,
                                                 metadata: ["request_id": .string(entry.requestID)])
            buffer.append(contentsOf: object.utf8)
        } else {
            // The whole line in one reserved stretch.
            let maximum = CheckoutLogHandler.maximumTimestampLength + entry.maximumMessageLength + entry.requestID.utf8.count + 19
            buffer.append(maximum: maximum) { out in
                CheckoutLogHandler.writeTimestamp(to: &out)
                out.copy(" info ")
                entry.writeMessage(to: &out)
                out.copy(" request_id=")
                out.copy(entry.requestID)
                out.byte(UInt8(ascii: "\n"))
            }
            return
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    public func write(_ lines: UnsafeRawBufferPointer) {
        CheckoutLogHandler.writeLines(lines)
    }
}
