import Logging

/// Where the server's access log goes. Each answered request is formatted, on its event
/// loop, into a buffer the loop owns; the loop hands the buffer over once per wake-up, so a
/// round of many requests costs one `write`, not one per line, and no `Logger` call.
public protocol AccessLog: Sendable {
    /// Appends one complete line for `entry`, newline included (nothing when not logging).
    func append(_ entry: AccessLogEntry, to buffer: inout [UInt8])
    /// Writes complete lines; called on the loop thread with everything appended since the last call.
    func write(_ lines: UnsafeRawBufferPointer)
}

/// One answered request, as the access log sees it.
public struct AccessLogEntry {
    public let method: HTTPMethod
    /// The path as requested (percent-encoded, no query).
    public let path: String
    public let status: Int
    public let bodyBytes: Int
    public let durationMicroseconds: Int64
    public let requestID: String

    public init(method: HTTPMethod, path: String, status: Int, bodyBytes: Int, durationMicroseconds: Int64, requestID: String) {
        self.method = method
        self.path = path
        self.status = status
        self.bodyBytes = bodyBytes
        self.durationMicroseconds = durationMicroseconds
        self.requestID = requestID
    }

    /// The line's message without timestamp or level: `GET /healthz 200 2B 0ms`.
    public func appendMessage(to buffer: inout [UInt8]) {
        buffer.append(maximum: maximumMessageLength) { writeMessage(to: &$0) }
    }

    /// The most bytes `writeMessage(to:)` writes.
    public var maximumMessageLength: Int {
        method.rawValue.utf8.count + path.utf8.count + 3 * ByteCursor.maximumDecimal + 8
    }

    /// Writes the message through `out` (room: `maximumMessageLength`).
    public func writeMessage(to out: inout ByteCursor) {
        out.copy(method.rawValue)
        out.byte(UInt8(ascii: " "))
        out.copy(path)
        out.byte(UInt8(ascii: " "))
        out.decimal(status)
        out.byte(UInt8(ascii: " "))
        out.decimal(bodyBytes)
        out.copy("B ")
        out.decimal(Int(max(durationMicroseconds, 0) / 1000))
        out.copy("ms")
    }

    /// The message as text (for loggers).
    public var message: String {
        var bytes: [UInt8] = []
        appendMessage(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The access log through a `Logger` at level info, one call per request (servers that were
/// given no `AccessLog` of their own, such as test servers).
struct LoggerAccessLog: AccessLog {
    let logger: Logger

    func append(_ entry: AccessLogEntry, to buffer: inout [UInt8]) {
        guard logger.logLevel <= .info else { return }
        logger.info("\(entry.message)", metadata: ["request_id": .string(entry.requestID)])
    }

    func write(_ lines: UnsafeRawBufferPointer) {}
}
