extension StaticFileResponder {
    /// Tunables for the static files; the defaults suit `Public/`.
    public struct Configuration: Sendable {
        /// `Cache-Control` for everything but HTML.
        public var cacheControl: String
        /// `Cache-Control` for `.html` pages, which name the current assets: revalidate each time.
        public var htmlCacheControl: String
        /// `Cache-Control` for fingerprinted files (`name.<hex hash>.ext`), whose content never
        /// changes under their name.
        public var fingerprintedCacheControl = "public, max-age=31536000, immutable"
        /// The file a directory request serves.
        public var indexFile: String
        /// Files up to this size are answered from memory (`.bytes`); larger ones with `sendfile`.
        public var memoryFileLimit: Int
        /// Upper bound of the in-memory cache, in bytes (0 turns caching off).
        public var cacheCapacity: Int
        /// Extra or overriding content types by lowercased extension (`["md": "text/markdown"]`).
        public var contentTypes: [String: String]
        /// How long a path's resolution (`realpath` + `stat`) is reused without asking the
        /// disk again; 0 (the default) checks on every request. The app uses 1 s, so a
        /// changed file shows within a second, as with nginx's `open_file_cache_valid`.
        public var resolutionValidityMilliseconds: Int64 = 0
        /// Milliseconds on a monotonic clock, read for the resolution validity; tests inject
        /// their own so that expiry is checked without sleeping.
        public var now: @Sendable () -> Int64 = monotonicMilliseconds

        public init(
            cacheControl: String = "public, max-age=300",
            htmlCacheControl: String = "no-cache",
            indexFile: String = "index.html",
            memoryFileLimit: Int = 64 * 1024,
            cacheCapacity: Int = 8 * 1024 * 1024,
            contentTypes: [String: String] = [:]
        ) {
            precondition(StaticFileResponder.isPlainName(indexFile) && !indexFile.contains("/"),
                         "indexFile must be a plain file name")
            self.cacheControl = cacheControl
            self.htmlCacheControl = htmlCacheControl
            self.indexFile = indexFile
            self.memoryFileLimit = memoryFileLimit
            self.cacheCapacity = cacheCapacity
            self.contentTypes = contentTypes
        }
    }
}
