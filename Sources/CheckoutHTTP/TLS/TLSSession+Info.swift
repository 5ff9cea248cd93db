import COpenSSL

extension TLSSession {
    /// The ALPN protocol agreed on (`http/1.1`), or `nil` when the client sent none.
    public var negotiatedALPN: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The protocol version in use (`TLSv1.2`, `TLSv1.3`), once the handshake is complete.
    public var negotiatedProtocol: String? {
        guard isHandshakeComplete, let name = SSL_get_version(ssl) else { return nil }
        return String(cString: name)
    }

    /// The cipher suite in use (OpenSSL name), once the handshake is complete.
    public var negotiatedCipher: String? {
        guard isHandshakeComplete, let cipher = SSL_get_current_cipher(ssl),
              let name = SSL_CIPHER_get_name(cipher) else { return nil }
        return String(cString: name)
    }

    /// Whether this connection resumed an earlier session instead of a full handshake.
    public var isSessionReused: Bool { SSL_session_reused(ssl) == 1 }

    /// The peer's leaf certificate (the server's, on a client session), if any.
    public var peerCertificate: TLSCertificateInfo? {
        guard let x509 = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(x509) }
        return TLSCertificateInfo(x509: x509)
    }

    /// Client only: the session to pass as `resuming:` to a later connection, once resumable.
    /// Under TLS 1.3 the server sends it after the handshake: read (even `.wantRead`) first.
    public var resumableSession: TLSResumableSession? {
        guard let session = SSL_get1_session(ssl) else { return nil }
        guard SSL_SESSION_is_resumable(session) == 1 else {
            SSL_SESSION_free(session)
            return nil
        }
        return TLSResumableSession(handle: session)
    }
}

/// A client-side TLS session (`SSL_SESSION`) to resume on a later connection to the same server.
public final class TLSResumableSession: @unchecked Sendable {
    /// Owned reference; `SSL_SESSION` is reference counted and immutable once resumable.
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    deinit { SSL_SESSION_free(handle) }
}
