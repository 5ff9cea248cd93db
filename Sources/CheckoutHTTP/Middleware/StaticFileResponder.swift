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
/// lists, `*`) and, without it, `If-Modified-Since` give 304. Text-like files with a fresh
/// precompressed `name.gz` beside them are answered from it (`Content-Encoding: gzip`, own
/// ETag) when the client accepts gzip; their answers always carry `Vary: Accept-Encoding`.
/// Fingerprinted names (`app.1a2b3c4d.js`) get `fingerprintedCacheControl`. Files up to
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
        let type = contentType(of: path)
        var headers = HTTPFields()
        if ContentTypes.isCompressible(type) {
            headers["Vary"] = "Accept-Encoding"
            if AcceptEncoding.allowsGzip(request.headers.values(for: "Accept-Encoding")),
               let (gzInfo, bytes) = gzipVariant(of: path, size: statInfo.size) {
                headers["Content-Encoding"] = "gzip"
                return answer(headers, type: type, path: path, info: gzInfo, request: request) { (.bytes(bytes), gzInfo) }
            }
        }
        return answer(headers, type: type, path: path, info: statInfo, request: request) {
            let streamed = (ResponseBody.file(FileRegion(path: path, length: statInfo.size)), statInfo)
            if request.method == .head || statInfo.size > configuration.memoryFileLimit { return streamed }
            // A file that grew past the limit (or was replaced) since stat is streamed instead.
            return loadBytes(path, info: statInfo).map { (.bytes($0.1), $0.0) } ?? streamed
        }
    }

    /// 304 when the validators of `info` match the request, else 200 with `body()` (and the
    /// validators of the file as it was read).
    private func answer(_ fields: HTTPFields, type: String, path: String, info: FileInfo, request: Request,
                        body: () -> (ResponseBody, FileInfo)) -> Response {
        var headers = fields
        if isNotModified(request, info) {
            addValidators(to: &headers, path: path, info: info)
            return Response(status: .notModified, headers: headers, body: .empty)
        }
        let (body, readInfo) = body()
        headers["Content-Type"] = type
        addValidators(to: &headers, path: path, info: readInfo)
        headers["X-Content-Type-Options"] = "nosniff"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The bytes of a small file, from the cache or the disk (then cached).
    private func loadBytes(_ path: String, info: FileInfo) -> (FileInfo, [UInt8])? {
        if let cached = cache.bytes(for: path, info: info) { return (info, cached) }
        guard let (readInfo, bytes) = FileSystem.readFile(atPath: path, limit: configuration.memoryFileLimit) else { return nil }
        cache.insert(bytes, for: path, info: readInfo)
        return (readInfo, bytes)
    }

    /// The precompressed sibling `path.gz` (as nginx's `gzip_static`): a small regular file
    /// under the root whose gzip trailer (ISIZE, RFC 1952 §2.3.1) names the original's size.
    /// A stale one (the original was edited and the `.gz` not remade) is ignored.
    private func gzipVariant(of path: String, size: Int) -> (FileInfo, [UInt8])? {
        guard let (gzPath, gzInfo) = resolve(path + ".gz"), gzInfo.isRegularFile,
              gzInfo.size >= 18, gzInfo.size <= configuration.memoryFileLimit,
              let (info, bytes) = loadBytes(gzPath, info: gzInfo), bytes.count >= 18
        else { return nil }
        let isize = bytes.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        return isize == size & 0xFFFF_FFFF ? (info, bytes) : nil
    }

    private func addValidators(to headers: inout HTTPFields, path: String, info: FileInfo) {
        headers["ETag"] = info.entityTag
        headers["Last-Modified"] = HTTPDate.format(epochSeconds: info.modifiedSeconds)
        let ext = ContentTypes.fileExtension(of: path)
        headers["Cache-Control"] = if ext == "html" || ext == "htm" {
            configuration.htmlCacheControl
        } else if Self.isFingerprinted(path) {
            configuration.fingerprintedCacheControl
        } else {
            configuration.cacheControl
        }
    }

    /// A file whose name carries its content hash, `name.<8–64 lowercase hex>.ext`
    /// (`p.3f2a9c1b.js`): its content never changes under that name, so it is cached for long.
    static func isFingerprinted(_ path: String) -> Bool {
        let name = path.split(separator: "/").last ?? ""
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return false }
        let hash = parts[parts.count - 2]
        return (8...64).contains(hash.utf8.count) && hash.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
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
