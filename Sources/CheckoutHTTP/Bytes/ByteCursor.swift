/// A write position inside room reserved at the end of a byte array
/// (`[UInt8].append(maximum:_:)`): plain stores through a pointer, one capacity check for a
/// whole response head or log line instead of one per piece. The caller sizes the room from
/// the lengths it writes; debug builds check every write, release builds the total once.
public struct ByteCursor {
    public private(set) var position: UnsafeMutablePointer<UInt8>
    #if DEBUG
    let end: UnsafeMutablePointer<UInt8>
    #endif

    @usableFromInline
    init(_ start: UnsafeMutablePointer<UInt8>, room: Int) {
        position = start
        #if DEBUG
        end = start + room
        #endif
    }

    /// The most bytes `decimal(_:)` writes.
    public static let maximumDecimal = 20

    @inline(__always)
    public mutating func byte(_ value: UInt8) {
        check(1)
        position.initialize(to: value)
        position += 1
    }

    /// Copies a literal.
    @inline(__always)
    public mutating func copy(_ text: StaticString) {
        copy(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    public mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        check(bytes.count)
        position.initialize(from: base, count: bytes.count)
        position += bytes.count
    }

    /// Copies a string's UTF-8 (room: `text.utf8.count`).
    @inline(__always)
    public mutating func copy(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ copy($0) }) == nil {
            for byte in text.utf8 { self.byte(byte) }
        }
    }

    /// Lets `body` write at the position (into at most `maximum` bytes) and moves past the
    /// number of bytes it returns.
    @inline(__always)
    public mutating func write(maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        check(maximum)
        position += body(position)
    }

    /// The decimal digits of a non-negative `value` (room: `maximumDecimal`); a negative value writes 0.
    public mutating func decimal(_ value: Int) {
        var rest = UInt64(max(value, 0))
        var length = 1
        var bound: UInt64 = 10
        while rest >= bound && length < 19 {  // an Int has at most 19 digits
            length += 1
            bound &*= 10
        }
        check(length)
        var index = length
        repeat {
            index -= 1
            position[index] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
        } while index > 0
        position += length
    }

    @inline(__always)
    private func check(_ count: Int) {
        #if DEBUG
        precondition(position + count <= end, "ByteCursor: more bytes than the room reserved")
        #endif
    }
}

extension Array where Element == UInt8 {
    /// Appends what `body` writes through a cursor into `maximum` bytes of reserved room
    /// (only what it wrote is kept).
    @inlinable
    public mutating func append(maximum: Int, _ body: (inout ByteCursor) -> Void) {
        append(addingCapacity: maximum) { span in
            span.withUnsafeMutableBufferPointer { room, count in
                let start = room.baseAddress.unsafelyUnwrapped + count
                var cursor = ByteCursor(start, room: room.count - count)
                body(&cursor)
                let written = cursor.position - start
                // Release builds check each write's room only here, once: a miscounted maximum
                // stops the process instead of going on past the buffer.
                precondition(written <= room.count - count, "ByteCursor: more bytes than the room reserved")
                count += written
            }
        }
    }
}
