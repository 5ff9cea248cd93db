import COpenSSL

/// A TLS failure: a certificate/key problem found while building a `TLSContext`, or a
/// handshake/record error on a `TLSSession`.
///
/// `wantRead` is never an error: it is a `TLSHandshakeResult` / `TLSReadResult`.
/// `description` is one line, suitable for a log or a start-up failure message.
public struct TLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as an open set of values.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case fileNotFound = "file not found"
            case fileUnreadable = "file unreadable"
            case notPEM = "not a PEM file"
            case invalidCertificate = "invalid certificate"
            case invalidPrivateKey = "invalid private key"
            case keyMismatch = "private key does not match the certificate"
            case contextSetupFailed = "TLS context setup failed"
            case sessionSetupFailed = "TLS session setup failed"
            case handshakeFailed = "TLS handshake failed"
            case connectionFailed = "TLS connection failed"
            case closedDuringHandshake = "peer closed during the TLS handshake"
            case writeBeforeHandshake = "plaintext written before the TLS handshake completed"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file does not exist.
        public static let fileNotFound = Kind(.fileNotFound)
        /// The file exists but cannot be read (permissions, a directory, an I/O error).
        public static let fileUnreadable = Kind(.fileUnreadable)
        /// The file holds no PEM block (DER, empty, or another format).
        public static let notPEM = Kind(.notPEM)
        /// A PEM file whose certificate(s) OpenSSL rejects.
        public static let invalidCertificate = Kind(.invalidCertificate)
        /// A PEM file without a usable unencrypted private key.
        public static let invalidPrivateKey = Kind(.invalidPrivateKey)
        /// The private key is not the one of the leaf certificate.
        public static let keyMismatch = Kind(.keyMismatch)
        /// An OpenSSL call configuring the context failed.
        public static let contextSetupFailed = Kind(.contextSetupFailed)
        /// Creating the per-connection SSL object failed.
        public static let sessionSetupFailed = Kind(.sessionSetupFailed)
        /// The handshake failed: protocol version, ciphers, ALPN, certificate verification, garbage bytes.
        public static let handshakeFailed = Kind(.handshakeFailed)
        /// A record-layer error after the handshake (bad MAC, unexpected message, ...).
        public static let connectionFailed = Kind(.connectionFailed)
        /// The peer sent close_notify before the handshake completed.
        public static let closedDuringHandshake = Kind(.closedDuringHandshake)
        /// `writePlaintext` was called before `handshake()` returned `.complete`.
        public static let writeBeforeHandshake = Kind(.writeBeforeHandshake)

        public var description: String { base.rawValue }
    }

    /// Which configured file an error is about, so the caller can name its setting.
    public enum File: String, Hashable, Sendable {
        case certificateChain = "certificate chain"
        case privateKey = "private key"
        case trustedCertificates = "trusted CA certificates"
    }

    /// What went wrong.
    public var kind: Kind
    /// The configured file concerned, if any.
    public var file: File?
    /// The path of that file, if any.
    public var path: String?
    /// Extra human-readable context (an errno text, the failing OpenSSL call).
    public var detail: String?
    /// The `SSL_get_error` code for session errors (`SSL_ERROR_SSL` = 1, ...), else `nil`.
    public var sslErrorCode: Int32?
    /// The drained OpenSSL error queue, oldest first, as `ERR_error_string_n` text.
    public var openSSLErrors: [String]

    /// Builds an error; see the properties for the meaning of each argument.
    public init(_ kind: Kind, file: File? = nil, path: String? = nil, detail: String? = nil,
                sslErrorCode: Int32? = nil, openSSLErrors: [String] = []) {
        self.kind = kind
        self.file = file
        self.path = path
        self.detail = detail
        self.sslErrorCode = sslErrorCode
        self.openSSLErrors = openSSLErrors
    }

    public var description: String {
        var text = file.map { "TLS \($0.rawValue): \(kind)" } ?? "\(kind)"
        if let path { text += " (\(path))" }
        if let detail { text += ": \(detail)" }
        if let sslErrorCode { text += " [SSL_get_error \(sslErrorCode)]" }
        if !openSSLErrors.isEmpty { text += " [\(openSSLErrors.joined(separator: "; "))]" }
        return text
    }
}

extension TLSError {
    /// Builds an error from the current thread's OpenSSL error queue, draining it.
    static func fromQueue(_ kind: Kind, file: File? = nil, path: String? = nil, detail: String? = nil,
                          sslErrorCode: Int32? = nil) -> TLSError {
        TLSError(kind, file: file, path: path, detail: detail, sslErrorCode: sslErrorCode,
                 openSSLErrors: OpenSSLErrorQueue.drain().map(\.text))
    }
}

/// The thread-local OpenSSL error queue (`ERR_get_error`).
enum OpenSSLErrorQueue {
    struct Entry {
        var code: UInt
        var text: String
        var library: Int32 { checkout_ERR_GET_LIB(code) }
        var reason: Int32 { checkout_ERR_GET_REASON(code) }
    }

    /// Removes and returns every queued error, oldest first.
    static func drain() -> [Entry] {
        var entries: [Entry] = []
        while case let code = ERR_get_error(), code != 0 {
            let text = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
                ERR_error_string_n(code, buffer.baseAddress, 256)
                return String(cString: buffer.baseAddress!)
            }
            entries.append(Entry(code: code, text: text))
        }
        return entries
    }

    /// Empties the queue so the next failure reports only its own errors. Called before every
    /// OpenSSL call of a session: it looks first, since `ERR_clear_error` resets all 16 slots
    /// even when the queue is empty (about 1.2k instructions a TLS request).
    static func clear() {
        if ERR_peek_error() != 0 { ERR_clear_error() }
    }
}
