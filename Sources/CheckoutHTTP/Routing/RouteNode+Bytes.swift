import Glibc

/// Matching a plain path straight from its bytes: no segment strings, no dictionary hashing;
/// only captured values become strings. "Plain" is what `RequestPath` passes through
/// unchanged: ASCII without `%` or NUL, no empty segment, no `.` or `..` (anything else takes
/// the general path, which decodes and refuses). Same trie, same order (literal, parameter,
/// catch-all, with backtracking), so the same route for every path it answers.
extension RouteNode {
    /// What a byte match found: the routes, each captured segment and the catch-all's rest
    /// as ranges of the path's bytes.
    struct ByteMatch {
        var table: MethodTable
        var captures: CaptureRanges
        var rest: Range<Int>?
    }

    /// Up to `capacity` captured ranges without an allocation.
    struct CaptureRanges {
        static let capacity = 4
        private var storage: (Range<Int>, Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0, 0..<0)
        private(set) var count = 0

        subscript(index: Int) -> Range<Int> {
            switch index {
            case 0: storage.0
            case 1: storage.1
            case 2: storage.2
            default: storage.3
            }
        }

        mutating func append(_ range: Range<Int>) {
            switch count {
            case 0: storage.0 = range
            case 1: storage.1 = range
            case 2: storage.2 = range
            default: storage.3 = range
            }
            count += 1
        }

        mutating func removeLast() { count -= 1 }
    }

    /// Where the segments of a plain path end (past the one trailing slash, which is
    /// ignored), or nil when the path is not plain.
    static func plainSegmentsEnd(_ path: UnsafeBufferPointer<UInt8>) -> Int? {
        guard path.count > 0, let base = path.baseAddress, path[0] == UInt8(ascii: "/") else { return nil }
        guard path.count > 1, allPlainBytes(path) else { return path.count == 1 ? 0 : nil }
        let stop = path[path.count - 1] == UInt8(ascii: "/") ? path.count - 1 : path.count
        var start = 1
        while start <= stop {
            let end = segmentEnd(base, from: start, stop: stop)
            let length = end - start
            if length == 0 { return nil }
            if path[start] == UInt8(ascii: "."), length == 1 || (length == 2 && path[start + 1] == UInt8(ascii: ".")) {
                return nil
            }
            start = end + 1
        }
        return stop
    }

    /// Where the segment starting at `start` ends: the next `/` before `stop`, or `stop`.
    @inline(__always)
    static func segmentEnd(_ base: UnsafePointer<UInt8>, from start: Int, stop: Int) -> Int {
        guard start < stop, let slash = memchr(base + start, Int32(UInt8(ascii: "/")), stop - start) else { return stop }
        return base.distance(to: slash.assumingMemoryBound(to: UInt8.self))
    }

    /// No NUL, `%` or byte above 0x7F: eight bytes at a time with the exact "has a zero byte"
    /// test (the last word overlaps the one before; a short path is padded with `/`).
    static func allPlainBytes(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func bad(_ word: UInt64) -> UInt64 {
            let percent = word ^ (ones &* 0x25)
            return ((word &- ones) & ~word) | ((percent &- ones) & ~percent) | word
        }
        var found: UInt64 = 0
        let base = UnsafeRawPointer(path.baseAddress.unsafelyUnwrapped)
        if path.count < 8 {
            var padded: UInt64 = ones &* 0x2F
            withUnsafeMutableBytes(of: &padded) { $0.baseAddress.unsafelyUnwrapped.copyMemory(from: base, byteCount: path.count) }
            found = bad(padded)
        } else {
            var index = 0
            while index + 8 < path.count {
                found |= bad(base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                index += 8
            }
            found |= bad(base.loadUnaligned(fromByteOffset: path.count - 8, as: UInt64.self))
        }
        return found & highs == 0
    }

    /// `match(_:from:captures:)` over the segments of `path` from byte `start` to `stop` (from
    /// `plainSegmentsEnd`); `start > stop` means no segment is left.
    func match(bytes path: UnsafeBufferPointer<UInt8>, from start: Int, stop: Int, captures: inout CaptureRanges) -> ByteMatch? {
        guard start <= stop else {
            if let endpoints { return ByteMatch(table: endpoints, captures: captures, rest: nil) }
            if let catchAll { return ByteMatch(table: catchAll, captures: captures, rest: stop..<stop) }
            return nil
        }
        let end = Self.segmentEnd(path.baseAddress.unsafelyUnwrapped, from: start, stop: stop)
        let segment = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(path)[start..<end])
        if let asciiLiterals {
            for literal in asciiLiterals where literal.bytes.count == segment.count {
                let same = literal.bytes.withUnsafeBytes { memcmp($0.baseAddress!, segment.baseAddress!, segment.count) == 0 }
                guard same else { continue }
                if let found = literal.node.match(bytes: path, from: end + 1, stop: stop, captures: &captures) { return found }
                break
            }
        }
        if let parameter {
            captures.append(start..<end)
            if let found = parameter.match(bytes: path, from: end + 1, stop: stop, captures: &captures) { return found }
            captures.removeLast()
        }
        if let catchAll { return ByteMatch(table: catchAll, captures: captures, rest: start..<stop) }
        return nil
    }
}
