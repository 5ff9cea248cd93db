/// Serves files below one root folder (`Public/`) for GET and HEAD (RFC 9110 §9.3.1–2).
///
/// Safety, in order: the path is split and percent-decoded once (`RequestPath`: malformed
/// escapes and NUL → 400; `%2f`, `.` and `..` segments → 404); every segment must be a
/// plain name (no leading dot, no `\`, no control characters) → else 404; the candidate is
/// then resolved with `realpath` and must stay below the root resolved at init, with no
/// dot-named component after resolution, and be a regular file (a directory serves its
/// `index.html`). A symlink inside the root that leads to a file inside it is served; one
/// that leads out is 404.
///
/// Answers carry `Content-Type`, `ETag` (`"size-mtime"` in hex), `Last-Modified`,
/// `Cache-Control` and `X-Content-Type-Options: nosniff`; `If-None-Match` (weak compare,
/// lists, `*`) and, without it, `If-Modified-Since` give 304. Files up to
/// `memoryFileLimit` come from a bounded in-memory cache as `.bytes`; larger ones, and
/// every HEAD, as `.file` for `sendfile`, never read here. Range requests are not supported
/// (answers are whole, 200). A directory is served with or without its trailing slash, so
/// pages must link their assets by absolute path (`/assets/site.css`).
public struct StaticFileResponder: HTTPResponder {
    /// The root folder, resolved with `realpath` (no symlinks, no trailing slash).
    public let root: String
    public let configuration: Configuration
    private let rootPrefix: String
    private let cache: FileCache
    private let resolutions: ResolutionCache

    /// Opens `root`; throws when it does not exist or is not a directory.
    public init(root: String, configuration: Configuration = Configuration()) throws(StaticFileError) {
        guard let resolved = FileSystem.realPath(root) else { throw .rootNotFound(root) }
        guard FileSystem.info(atPath: resolved)?.isDirectory == true else { throw .rootNotADirectory(root) }
        self.root = resolved
        self.rootPrefix = resolved.hasSuffix("/") ? resolved : resolved + "/"
        self.configuration = configuration
        self.cache = FileCache(capacity: configuration.cacheCapacity)
        self.resolutions = ResolutionCache(validityMilliseconds: configuration.resolutionValidityMilliseconds)
    }

    public func respond(to request: Request) async throws -> Response {
        try serve(request)
    }

    /// Serves the file named by `request.path` (synchronous: cheap enough to run on a loop).
    public func serve(_ request: Request) throws(RouterError) -> Response {
        try checkMethod(request.method)
        let path = try RequestPath.parse(request.path)
        return try serve(path.segments, trailingSlash: path.hasTrailingSlash, request: request)
    }

    /// Serves the file at `relativePath` below the root (already decoded, `/`-separated,
    /// e.g. `p/index.html` for `/p/{id}`), with the same checks and headers as `serve(_:)`.
    /// Use it to map routes to pages, or with a catch-all: `"assets/" + parameters["path"]!`.
    public func serveFile(relativePath: String, request: Request) throws(RouterError) -> Response {
        try checkMethod(request.method)
        let segments = relativePath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return try serve(segments, trailingSlash: relativePath.hasSuffix("/"), request: request)
    }

    private func checkMethod(_ method: HTTPMethod) throws(RouterError) {
        guard method == .get || method == .head else { throw .methodNotAllowed(allowed: [.get, .head]) }
    }

    private func serve(_ segments: [String], trailingSlash: Bool, request: Request) throws(RouterError) -> Response {
        guard segments.allSatisfy(Self.isPlainName) else { throw .notFound }
        let candidate = segments.isEmpty ? root : rootPrefix + segments.joined(separator: "/")
        guard var (path, info) = resolve(candidate) else { throw .notFound }
        if info.isDirectory {
            guard let index = resolve(path + "/" + configuration.indexFile) else { throw .notFound }
            (path, info) = index
        } else if trailingSlash {
            throw .notFound  // `/index.html/` names a directory that is not there
        }
        guard info.isRegularFile else { throw .notFound }
        return response(path: path, info: info, request: request)
    }

    /// `realpath` of `candidate` when it stays below the root without dot-named components.
    private func resolve(_ candidate: String) -> (String, FileInfo)? {
        let now = configuration.now()
        if let hit = resolutions.lookup(candidate, now: now) { return hit }
        guard let resolved = resolveOnDisk(candidate) else { return nil }
        resolutions.store(candidate, path: resolved.0, info: resolved.1, now: now)
        return resolved
    }

    private func resolveOnDisk(_ candidate: String) -> (String, FileInfo)? {
        guard let real = FileSystem.realPath(candidate) else { return nil }
        if real != root {
            guard real.hasPrefix(rootPrefix) else { return nil }
            let relative = real.dropFirst(rootPrefix.count)
            guard relative.split(separator: "/").allSatisfy({ Self.isPlainName(String($0)) }) else { return nil }
        }
        guard let info = FileSystem.info(atPath: real) else { return nil }
        return (real, info)
    }

    /// A name that may be served: not empty, no leading dot, no backslash or control bytes.
    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: ".") else { return false }
        return !name.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") }
    }

    private func response(path: String, info statInfo: FileInfo, request: Request) -> Response {
        if isNotModified(request, statInfo) {
            var headers = HTTPFields()
            addValidators(to: &headers, path: path, info: statInfo)
            return Response(status: .notModified, headers: headers, body: .empty)
        }
        var info = statInfo
        let body: ResponseBody
        if request.method == .head || info.size > configuration.memoryFileLimit {
            body = .file(FileRegion(path: path, length: info.size))
        } else if let cached = cache.bytes(for: path, info: info) {
            body = .bytes(cached)
        } else if let (readInfo, bytes) = FileSystem.readFile(atPath: path, limit: configuration.memoryFileLimit) {
            cache.insert(bytes, for: path, info: readInfo)
            info = readInfo
            body = .bytes(bytes)
        } else {
            // Grew past the limit (or was replaced) between stat and open: stream it instead.
            body = .file(FileRegion(path: path, length: info.size))
        }
        var headers = HTTPFields()
        headers["Content-Type"] = contentType(of: path)
        addValidators(to: &headers, path: path, info: info)
        headers["X-Content-Type-Options"] = "nosniff"
        return Response(status: .ok, headers: headers, body: body)
    }

    private func addValidators(to headers: inout HTTPFields, path: String, info: FileInfo) {
        headers["ETag"] = info.entityTag
        headers["Last-Modified"] = HTTPDate.format(epochSeconds: info.modifiedSeconds)
        let ext = ContentTypes.fileExtension(of: path)
        headers["Cache-Control"] = ext == "html" || ext == "htm" ? configuration.htmlCacheControl : configuration.cacheControl
    }

    private func contentType(of path: String) -> String {
        let ext = ContentTypes.fileExtension(of: path)
        return configuration.contentTypes[ext] ?? ContentTypes.byExtension[ext] ?? ContentTypes.fallback
    }

    /// RFC 9110 §13.2.2: If-None-Match (weak comparison) decides when present; otherwise
    /// If-Modified-Since, compared in whole seconds.
    private func isNotModified(_ request: Request, _ info: FileInfo) -> Bool {
        let noneMatch = request.headers.values(for: "If-None-Match")
        if !noneMatch.isEmpty {
            let tag = info.entityTag
            return noneMatch.contains { value in
                value.split(separator: ",").contains { item in
                    var candidate = item.trimmingSpaces
                    if candidate == "*" { return true }
                    if candidate.hasPrefix("W/") { candidate = candidate.dropFirst(2) }
                    return candidate == tag
                }
            }
        }
        guard let since = request.headers["If-Modified-Since"], let date = HTTPDate.parse(since) else { return false }
        return info.modifiedSeconds <= date
    }
}

/// Why a `StaticFileResponder` could not be created; the text is a one-line start-up error.
public enum StaticFileError: Error, Equatable, CustomStringConvertible {
    case rootNotFound(String)
    case rootNotADirectory(String)

    public var description: String {
        switch self {
        case .rootNotFound(let path): "static files folder \(path) does not exist"
        case .rootNotADirectory(let path): "static files folder \(path) is not a directory"
        }
    }
}
