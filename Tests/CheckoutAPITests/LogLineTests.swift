import CheckoutHTTP
import Foundation
import Logging
import Testing
@testable import CheckoutAPI

/// The text log line: RFC 3339 UTC timestamp with milliseconds, level, message, metadata.
@Suite struct LogLineTests {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    @Test func timestampIsNowInRFC3339WithMilliseconds() throws {
        let before = Date()
        let text = CheckoutLogHandler.timestamp()
        let after = Date()
        #expect(text.utf8.count == 24)
        #expect(text.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression) != nil, "\(text)")
        let date = try #require(Self.parse(text))
        #expect(date >= before.addingTimeInterval(-0.001) && date <= after, "\(text)")
    }

    @Test(arguments: [(0, "000"), (999_999, "000"), (1_000_000, "001"), (99_000_000, "099"), (255_000_000, "255"),
                      (256_000_000, "256"), (999_999_999, "999")])
    func millisecondsAreThreeDigitsTruncated(nanoseconds: Int, digits: String) {
        var bytes: [UInt8] = []
        CheckoutLogHandler.appendTimestamp(seconds: 1_795_514_400, nanoseconds: nanoseconds, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "2026-11-24T10:00:00.\(digits)Z")
    }

    @Test func textLineHasTimestampLevelMessageAndSortedMetadata() throws {
        let line = String(decoding: CheckoutLogHandler.textBytes(
            level: .info, message: "GET /healthz 200 15B 0ms", metadata: ["z": "last", "request_id": "r-1"]), as: UTF8.self)
        let parts = line.split(separator: " ", maxSplits: 1)
        #expect(Self.parse(String(parts[0])) != nil, "\(line)")
        #expect(parts[1] == "info GET /healthz 200 15B 0ms request_id=r-1 z=last")
    }

    /// The bytes `CheckoutAccessLog` appends for `GET /healthz 200 15B 0ms`, request id `r-1`.
    static func accessLine(_ format: CheckoutLogHandler.Format, level: Logger.Level = .info) -> [UInt8] {
        var bytes: [UInt8] = []
        CheckoutAccessLog(level: level, format: format).append(
            AccessLogEntry(method: .get, path: "/healthz", status: 200, bodyBytes: 15, durationMicroseconds: 400,
                           requestID: "r-1"), to: &bytes)
        return bytes
    }

    @Test func accessLogLine_IsTheLogHandlersTextLine() throws {
        let line = String(decoding: Self.accessLine(.text), as: UTF8.self)
        #expect(line.hasSuffix("\n"))
        let parts = line.dropLast().split(separator: " ", maxSplits: 1)
        #expect(Self.parse(String(parts[0])) != nil, "\(line)")
        #expect(parts[1] == "info GET /healthz 200 15B 0ms request_id=r-1")
    }

    @Test func accessLogLine_InJSONIsOneObjectWithMessageAndRequestID() throws {
        let bytes = Self.accessLine(.json)
        #expect(bytes.last == UInt8(ascii: "\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes.dropLast())) as? [String: String])
        #expect(object["msg"] == "GET /healthz 200 15B 0ms")
        #expect(object["request_id"] == "r-1")
        #expect(object["level"] == "info")
    }

    @Test func accessLog_AboveInfoWritesNothing() {
        #expect(Self.accessLine(.text, level: .warning).isEmpty)
    }
}
