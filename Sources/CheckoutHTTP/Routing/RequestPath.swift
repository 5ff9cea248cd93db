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
        let bytes = Array(rawPath.utf8)
        guard bytes.first == UInt8(ascii: "/") else { throw .notFound }
        var raw = bytes.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var trailing = false
        if raw.last?.isEmpty == true {
            raw.removeLast()
            trailing = true
        }
        var segments: [String] = []
        segments.reserveCapacity(raw.count)
        for piece in raw {
            guard !piece.isEmpty else { throw .notFound }
            guard let decoded = PercentEncoding.decodeBytes(Array(piece)) else { throw .invalidPath }
            guard !decoded.contains(0) else { throw .invalidPath }
            guard !decoded.contains(UInt8(ascii: "/")) else { throw .notFound }
            guard let text = String(validating: decoded, as: UTF8.self) else { throw .invalidPath }
            guard text != ".", text != ".." else { throw .notFound }
            segments.append(text)
        }
        return RequestPath(segments: segments, hasTrailingSlash: trailing)
    }
}
