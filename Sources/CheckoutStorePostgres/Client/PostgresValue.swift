import CheckoutCore

/// A value read from a result column, decoded from PostgreSQL's binary format by column type.
public enum PostgresValue: Sendable, Hashable {
    case integer(Int64)
    case double(Double)
    case bool(Bool)
    case text(String)
    case bytes([UInt8])
    case timestamp(Timestamp)
    case null

    /// The type name, for error messages.
    var typeName: String {
        switch self {
        case .integer: "integer"
        case .double: "double precision"
        case .bool: "boolean"
        case .text: "text"
        case .bytes: "bytea"
        case .timestamp: "timestamptz"
        case .null: "NULL"
        }
    }
}

/// Decodes one binary cell by its type OID (pg_type.oid; stable across servers).
enum PostgresBinaryDecoder {
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, type oid: UInt32) -> PostgresValue? {
        switch oid {
        case 16: // bool
            return bytes.count == 1 ? .bool(bytes[0] != 0) : nil
        case 20, 21, 23, 26: // int8, int2, int4, oid
            return integer(bytes).map(PostgresValue.integer)
        case 701: // float8
            return integer(bytes).map { .double(Double(bitPattern: UInt64(bitPattern: $0))) }
        case 25, 1043, 19, 1042: // text, varchar, name, bpchar
            return .text(String(decoding: bytes, as: UTF8.self))
        case 114: // json is sent as its text
            return .text(String(decoding: bytes, as: UTF8.self))
        case 3802: // jsonb: a version byte (1), then the text
            guard bytes.first == 1 else { return nil }
            return .text(String(decoding: UnsafeBufferPointer(rebasing: bytes.dropFirst()), as: UTF8.self))
        case 2278: // void (a function called for its effect: pg_notify, pg_advisory_xact_lock)
            return .null
        case 17: // bytea
            return .bytes(Array(bytes))
        case 1184, 1114: // timestamptz, timestamp: microseconds since 2000-01-01
            return integer(bytes).map { .timestamp(PostgresTime.timestamp(microsecondsSince2000: $0)) }
        default:
            return nil
        }
    }

    /// A big-endian signed integer of 2, 4 or 8 bytes.
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard [2, 4, 8].contains(bytes.count) else { return nil }
        var value: UInt64 = 0
        for byte in bytes { value = value << 8 | UInt64(byte) }
        let shift = UInt64(64 - 8 * bytes.count)
        return Int64(bitPattern: value << shift) >> Int64(shift)
    }
}
