/// A request path split at `/` into percent-decoded segments, the one place where the
/// router and the static files turn `Request.path` into names.
///
/// Rules (each segment is decoded exactly once, so `%252e` stays the text `%2e`):
/// - the path must start with `/` (anything else, such as `*`, names nothing: 404);
/// - one trailing slash is remembered in `hasTrailingSlash` and otherwise ignored;
///   an empty segment elsewhere (`/a//b`) is 404;
/// - a malformed escape, a NUL or bytes that are not UTF-8 are 400 (`RouterError.invalidPath`);
/// - a segment that decodes to something holding `/` (`%2f`), or is `.` / `..` (also as
///   `%2e%2e`), is 404: dot segments are never resolved, so nothing climbs above the root.
struct RequestPath: Equatable, Sendable {
    var segments: [String]
    var hasTrailingSlash: Bool

    static func parse(_ rawPath: String) throws(RouterError) -> RequestPath {
        var rawPath = rawPath
        return try rawPath.withUTF8 { parse(bytes: $0) }.get()
    }

    /// Splits in place: a segment without `%` becomes a `String` straight from the request's
    /// bytes (no intermediate arrays); one with escapes is decoded first.
    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result<RequestPath, RouterError> {
        guard bytes.first == UInt8(ascii: "/") else { return .failure(.notFound) }
        guard bytes.count > 1 else { return .success(RequestPath(segments: [], hasTrailingSlash: true)) }
        var stop = bytes.count
        let trailing = bytes[stop - 1] == UInt8(ascii: "/")
        if trailing { stop -= 1 }
        var segments: [String] = []
        segments.reserveCapacity(8)  // one allocation for any path of ours (three as it grew)
        var start = 1
        while true {
            var end = start
            while end < stop && bytes[end] != UInt8(ascii: "/") { end += 1 }
            switch segment(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
            case .success(let text): segments.append(text)
            case .failure(let error): return .failure(error)
            }
            if end == stop { break }
            start = end + 1
        }
        return .success(RequestPath(segments: segments, hasTrailingSlash: trailing))
    }

    /// One segment's text, or why the path names nothing (404) or is malformed (400).
    private static func segment(_ piece: UnsafeBufferPointer<UInt8>) -> Result<String, RouterError> {
        guard !piece.isEmpty else { return .failure(.notFound) }
        let text: String
        if piece.allSatisfy({ $0 != UInt8(ascii: "%") && $0 != 0 && $0 < 0x80 }) {
            text = String(decoding: piece, as: UTF8.self)  // plain ASCII: nothing to decode or validate
        } else if piece.contains(UInt8(ascii: "%")) {
            guard let decoded = PercentEncoding.decodeBytes(Array(piece)) else { return .failure(.invalidPath) }
            guard !decoded.contains(0) else { return .failure(.invalidPath) }
            guard !decoded.contains(UInt8(ascii: "/")) else { return .failure(.notFound) }
            guard let valid = String(validating: decoded, as: UTF8.self) else { return .failure(.invalidPath) }
            text = valid
        } else {
            guard !piece.contains(0), let valid = String(validating: piece, as: UTF8.self) else {
                return .failure(.invalidPath)
            }
            text = valid
        }
        guard text != ".", text != ".." else { return .failure(.notFound) }
        return .success(text)
    }
}
