/// `Content-Type` values by file extension for the static files.
enum ContentTypes {
    static let fallback = "application/octet-stream"

    static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8",
        "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "json": "application/json",
        "map": "application/json",
        "webmanifest": "application/manifest+json",
        "txt": "text/plain; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "xml": "application/xml",
        "svg": "image/svg+xml",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "avif": "image/avif",
        "ico": "image/x-icon",
        "woff": "font/woff",
        "woff2": "font/woff2",
        "ttf": "font/ttf",
        "otf": "font/otf",
        "pdf": "application/pdf",
        "wasm": "application/wasm",
        "mp4": "video/mp4",
        "webm": "video/webm",
        "mp3": "audio/mpeg",
    ]

    /// Whether answers of this type are worth a gzip variant (text, JSON, JS, SVG, XML).
    static func isCompressible(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("application/json")
            || contentType.hasPrefix("application/manifest+json") || contentType.hasPrefix("application/xml")
            || contentType.hasPrefix("image/svg+xml")
    }

    /// The lowercased extension of the last path component, or `""`.
    /// Scans the UTF-8 bytes from the end (this runs for every static file request).
    static func fileExtension(of path: String) -> String {
        let bytes = path.utf8
        var index = bytes.endIndex
        var extensionBytes: [UInt8] = []
        while index > bytes.startIndex {
            let previous = bytes.index(before: index)
            let byte = bytes[previous]
            if byte == UInt8(ascii: "/") { return "" }
            if byte == UInt8(ascii: ".") {
                // A leading dot (".profile") names a file, not an extension.
                if previous == bytes.startIndex || bytes[bytes.index(before: previous)] == UInt8(ascii: "/") { return "" }
                return String(decoding: extensionBytes.reversed(), as: UTF8.self)
            }
            extensionBytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            index = previous
        }
        return ""
    }
}
