import CheckoutCore
@testable import CheckoutStorePostgres
import Testing

@Suite struct PostgresBinaryDecoderTests {
    private func decode(_ bytes: [UInt8], _ oid: UInt32) -> PostgresValue? {
        bytes.withUnsafeBufferPointer { PostgresBinaryDecoder.decode($0, type: oid) }
    }

    @Test func integers_AreBigEndianAndSigned() {
        #expect(decode([0xFF, 0xFE], 21) == .integer(-2))
        #expect(decode([0x00, 0x00, 0x01, 0x00], 23) == .integer(256))
        #expect(decode([0x80, 0, 0, 0, 0, 0, 0, 0], 20) == .integer(Int64.min))
        #expect(decode([0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 20) == .integer(Int64.max))
        #expect(decode([1, 2, 3], 20) == nil)
    }

    @Test func booleansTextBytesAndJSONB() {
        #expect(decode([1], 16) == .bool(true))
        #expect(decode([0], 16) == .bool(false))
        #expect(decode(Array("价格".utf8), 25) == .text("价格"))
        #expect(decode([0, 255, 0], 17) == .bytes([0, 255, 0]))
        #expect(decode([1] + Array(#"{"a":1}"#.utf8), 3802) == .text(#"{"a":1}"#))
        #expect(decode([2, 0x7B], 3802) == nil)
        #expect(decode([0], 1700) == nil)  // numeric is not read: money is bigint
    }

    @Test(arguments: [Int64(0), 946_684_800_000, 946_684_799_999, 1_764_844_800_123, -1, -86_400_001])
    func timestamps_RoundTripThroughTheBinaryFormat(milliseconds: Int64) throws {
        let timestamp = Timestamp(milliseconds: milliseconds)
        guard case .binary(let bytes) = timestamp.postgresParameter else {
            Issue.record("a timestamp binds as binary")
            return
        }
        #expect(bytes.count == 8)
        #expect(decode(bytes, 1184) == .timestamp(timestamp))
    }

    @Test func scalars_BindAsText() {
        #expect(Int64(-42).postgresParameter == .text("-42"))
        #expect(true.postgresParameter == .text("t"))
        #expect(Optional<String>.none.postgresParameter == .null)
        #expect([UInt8]([0, 1]).postgresParameter == .binary([0, 1]))
    }
}
