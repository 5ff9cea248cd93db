import Foundation

/// A point in time as whole milliseconds since 1970-01-01T00:00:00Z.
///
/// Stored as INTEGER in the database; encoded in JSON as an RFC 3339 UTC string with second
/// precision (`2026-11-24T10:00:00Z`), as the contract says.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public init(seconds: Int64) {
        self.milliseconds = seconds * 1000
    }

    public init(_ date: Date) {
        self.milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// Whole seconds since the epoch (rounded down).
    public var seconds: Int64 {
        milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
    }

    /// This instant moved by `seconds` (may be negative).
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(milliseconds: milliseconds + seconds * 1000)
    }

    public func adding(milliseconds delta: Int64) -> Timestamp {
        Timestamp(milliseconds: milliseconds + delta)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }

    /// RFC 3339 UTC with second precision, e.g. `2026-11-24T10:00:00Z`.
    public var rfc3339: String { RFC3339.format(seconds: seconds) }

    /// Appends the `rfc3339` text to `bytes` without making a `String` (JSON writers).
    public func appendRFC3339(to bytes: inout [UInt8]) {
        RFC3339.append(seconds: seconds, to: &bytes)
    }

    /// The most bytes `writeRFC3339(to:)` writes.
    public static var maximumRFC3339Length: Int { RFC3339.maximumLength }

    /// Writes the `rfc3339` text at `out` (room for `maximumRFC3339Length` bytes); returns
    /// the number of bytes written.
    public func writeRFC3339(to out: UnsafeMutablePointer<UInt8>) -> Int {
        RFC3339.write(seconds: seconds, to: out)
    }

    /// Parses an RFC 3339 date-time (`Z` or `±hh:mm` offset, optional fraction).
    public init?(rfc3339 text: String) {
        guard let ms = RFC3339.parse(text) else { return nil }
        self.milliseconds = ms
    }

    public var description: String { rfc3339 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Timestamp(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an RFC 3339 timestamp")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}
