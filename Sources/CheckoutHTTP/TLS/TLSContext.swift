import COpenSSL

/// An OpenSSL `SSL_CTX`: certificate, key and protocol policy shared by many `TLSSession`s.
///
/// Build a server context with `init(configuration:)` and a client one with
/// `makeClient(configuration:)`. A context is immutable once built and OpenSSL allows
/// `SSL_new` on it from any thread, so it is shared freely across event loops; each
/// session holds a strong reference, so replacing a context (`TLSContextStore.reload()`)
/// never disturbs sessions that are already open.
public final class TLSContext: @unchecked Sendable {
    /// Which end of a connection sessions made from this context play.
    public enum Role: Sendable, Hashable {
        case server
        case client
    }

    /// Server or client.
    public let role: Role
    /// The leaf certificate a server context presents (`nil` for client contexts).
    public let certificate: TLSCertificateInfo?
    /// The `SSL_CTX *`; immutable after init.
    let handle: OpaquePointer

    init(handle: OpaquePointer, role: Role, certificate: TLSCertificateInfo?) {
        self.handle = handle
        self.role = role
        self.certificate = certificate
    }

    deinit { SSL_CTX_free(handle) }

    /// End of the served certificate's validity, seconds since the epoch (server contexts).
    public var certificateNotAfter: Int? { certificate?.notAfter }

    /// Whether the served certificate has expired. Not an error: the caller logs a warning.
    public var isExpired: Bool { certificate?.isExpired() ?? false }

    /// Creates a session for one connection (server or client, by `role`).
    /// - Parameter serverName: client only: the host name to verify and send as SNI.
    public func makeSession(serverName: String? = nil) throws(TLSError) -> TLSSession {
        try TLSSession(context: self, serverName: serverName)
    }
}

extension TLSContext {
    /// Mozilla "intermediate" TLS 1.2 suites: forward secret AEAD only.
    static let intermediateCipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")
    /// TLS 1.3 suites (OpenSSL's defaults, stated explicitly).
    static let tls13CipherSuites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
    /// Mozilla "intermediate" key exchange groups.
    static let groups = "X25519:prime256v1:secp384r1"

    /// Applies the protocol policy shared by both roles; throws `.contextSetupFailed`.
    static func applyProtocolPolicy(_ ctx: OpaquePointer, minimum: Int32 = TLS1_2_VERSION,
                                    maximum: Int32 = TLS1_3_VERSION) throws(TLSError) {
        try check(checkout_SSL_CTX_set_min_proto_version(ctx, minimum) == 1, "SSL_CTX_set_min_proto_version")
        try check(checkout_SSL_CTX_set_max_proto_version(ctx, maximum) == 1, "SSL_CTX_set_max_proto_version")
        if minimum >= TLS1_2_VERSION {
            try check(SSL_CTX_set_cipher_list(ctx, intermediateCipherList) == 1, "SSL_CTX_set_cipher_list")
        }
        try check(SSL_CTX_set_ciphersuites(ctx, tls13CipherSuites) == 1, "SSL_CTX_set_ciphersuites")
        try check(checkout_SSL_CTX_set1_groups_list(ctx, groups) == 1, "SSL_CTX_set1_groups_list")
        SSL_CTX_set_options(ctx, CHECKOUT_SSL_OP_NO_COMPRESSION | CHECKOUT_SSL_OP_NO_RENEGOTIATION)
        // Record buffers go back whenever they run empty (a stalled handshake holds none);
        // the server's event loop keeps them on established connections (`TLSSession.keepRecordBuffers`).
        checkout_SSL_CTX_set_mode(ctx, Int(SSL_MODE_RELEASE_BUFFERS))
    }

    /// Throws `.contextSetupFailed` with the OpenSSL queue when `ok` is false.
    static func check(_ ok: Bool, _ call: String) throws(TLSError) {
        if !ok { throw TLSError.fromQueue(.contextSetupFailed, detail: call) }
    }

    static func version(_ version: TLSVersion) -> Int32 {
        switch version {
        case .tls1_2: TLS1_2_VERSION
        case .tls1_3: TLS1_3_VERSION
        }
    }
}
