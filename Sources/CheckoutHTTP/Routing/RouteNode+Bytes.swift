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
        guard path.count > 0, path[0] == UInt8(ascii: "/") else { return nil }
        guard path.count > 1 else { return 0 }
        let stop = path[path.count - 1] == UInt8(ascii: "/") ? path.count - 1 : path.count
        var start = 1
        var index = 1
        while index <= stop {
            if index == stop || path[index] == UInt8(ascii: "/") {
                let length = index - start
                if length == 0 { return nil }
                if path[start] == UInt8(ascii: "."), length == 1 || (length == 2 && path[start + 1] == UInt8(ascii: ".")) {
                    return nil
                }
                start = index + 1
            } else {
                let byte = path[index]
                if byte == 0 || byte >= 0x80 || byte == UInt8(ascii: "%") { return nil }
            }
            index += 1
        }
        return stop
    }

    /// `match(_:from:captures:)` over the segments of `path` from byte `start` to `stop` (from
    /// `plainSegmentsEnd`); `start > stop` means no segment is left.
    func match(bytes path: UnsafeBufferPointer<UInt8>, from start: Int, stop: Int, captures: inout CaptureRanges) -> ByteMatch? {
        guard start <= stop else {
            if let endpoints { return ByteMatch(table: endpoints, captures: captures, rest: nil) }
            if let catchAll { return ByteMatch(table: catchAll, captures: captures, rest: stop..<stop) }
            return nil
        }
        var end = start
        while end < stop && path[end] != UInt8(ascii: "/") { end += 1 }
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
