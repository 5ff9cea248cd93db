import CheckoutCore

/// A parameter as it travels to the server: text (the server parses it into the parameter's
/// inferred type), binary bytes (bytea, timestamptz), or NULL.
public enum PostgresParameter: Sendable, Hashable {
    case text(String)
    case binary([UInt8])
    case null
}

/// Types that bind as statement parameters (`$1`, `$2`, ...).
///
/// Conforming: `Int`, `Int64`, `Int32`, `Bool`, `String`, `Substring`, `[UInt8]` (bytea),
/// `Timestamp` (timestamptz), and `Optional` of these (nil binds NULL).
public protocol PostgresBindable: Sendable {
    var postgresParameter: PostgresParameter { get }
}

extension PostgresParameter: PostgresBindable {
    public var postgresParameter: PostgresParameter { self }
}

extension Int: PostgresBindable {
    public var postgresParameter: PostgresParameter { .text(String(self)) }
}

extension Int64: PostgresBindable {
    public var postgresParameter: PostgresParameter { .text(String(self)) }
}

extension Int32: PostgresBindable {
    public var postgresParameter: PostgresParameter { .text(String(self)) }
}

extension Bool: PostgresBindable {
    public var postgresParameter: PostgresParameter { .text(self ? "t" : "f") }
}

extension String: PostgresBindable {
    public var postgresParameter: PostgresParameter { .text(self) }
}

extension Substring: PostgresBindable {
    public var postgresParameter: PostgresParameter { .text(String(self)) }
}

extension Array: PostgresBindable where Element == UInt8 {
    public var postgresParameter: PostgresParameter { .binary(self) }
}

extension Timestamp: PostgresBindable {
    /// Binary timestamptz: big-endian microseconds since 2000-01-01T00:00:00Z.
    public var postgresParameter: PostgresParameter {
        let micros = (milliseconds - PostgresTime.epochOffsetMilliseconds) * 1000
        return .binary(withUnsafeBytes(of: micros.bigEndian, Array.init))
    }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public var postgresParameter: PostgresParameter { self?.postgresParameter ?? .null }
}

/// PostgreSQL's epoch for binary timestamps.
enum PostgresTime {
    /// 2000-01-01T00:00:00Z in milliseconds since 1970.
    static let epochOffsetMilliseconds: Int64 = 946_684_800_000

    /// A binary timestamptz (microseconds since 2000) as a `Timestamp`, rounded down to the millisecond.
    static func timestamp(microsecondsSince2000 micros: Int64) -> Timestamp {
        let millis = micros >= 0 ? micros / 1000 : (micros - 999) / 1000
        return Timestamp(milliseconds: millis + epochOffsetMilliseconds)
    }
}
