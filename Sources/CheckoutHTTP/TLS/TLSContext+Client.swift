import COpenSSL

extension TLSContext {
    /// Builds a client context that verifies the server's chain against `trustedCAPath`
    /// (or the system store) and, per session, its host name.
    public static func makeClient(configuration: TLSClientConfiguration = .init()) throws(TLSError) -> TLSContext {
        try makeClient(configuration, minimum: version(configuration.minimumVersion),
                       maximum: version(configuration.maximumVersion))
    }

    /// Shorthand for a client trusting one CA file (or the system store when `nil`).
    public static func makeClient(trustedCAPath: String?) throws(TLSError) -> TLSContext {
        try makeClient(configuration: TLSClientConfiguration(trustedCAPath: trustedCAPath))
    }

    /// A client that offers only TLS 1.1 at security level 0: for tests that the server refuses it.
    static func makeLegacyClientForTesting(trustedCAPath: String) throws(TLSError) -> TLSContext {
        try makeClient(TLSClientConfiguration(trustedCAPath: trustedCAPath),
                       minimum: TLS1_1_VERSION, maximum: TLS1_1_VERSION, legacy: true)
    }

    private static func makeClient(_ configuration: TLSClientConfiguration, minimum: Int32, maximum: Int32,
                                   legacy: Bool = false) throws(TLSError) -> TLSContext {
        OpenSSLErrorQueue.clear()
        if let path = configuration.trustedCAPath {
            _ = try TLSPEMFile.read(path, as: .trustedCertificates)
        }
        guard let ctx = SSL_CTX_new(TLS_client_method()) else {
            throw TLSError.fromQueue(.contextSetupFailed, detail: "SSL_CTX_new")
        }
        var built = false
        defer { if !built { SSL_CTX_free(ctx) } }

        try applyProtocolPolicy(ctx, minimum: minimum, maximum: maximum)
        if legacy {
            SSL_CTX_set_security_level(ctx, 0)
            try check(SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0") == 1, "SSL_CTX_set_cipher_list")
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
        if let path = configuration.trustedCAPath {
            guard SSL_CTX_load_verify_locations(ctx, path, nil) == 1 else {
                throw TLSError.fromQueue(.invalidCertificate, file: .trustedCertificates, path: path,
                                         detail: "no usable CA certificate")
            }
        } else {
            try check(SSL_CTX_set_default_verify_paths(ctx) == 1, "SSL_CTX_set_default_verify_paths")
        }
        if !configuration.alpnProtocols.isEmpty {
            var wire: [UInt8] = []
            for name in configuration.alpnProtocols {
                let bytes = Array(name.utf8)
                guard (1...255).contains(bytes.count) else {
                    throw TLSError(.contextSetupFailed, detail: "ALPN protocol name '\(name)' must be 1-255 bytes")
                }
                wire.append(UInt8(bytes.count))
                wire.append(contentsOf: bytes)
            }
            // SSL_CTX_set_alpn_protos returns 0 on success.
            try check(SSL_CTX_set_alpn_protos(ctx, wire, UInt32(wire.count)) == 0, "SSL_CTX_set_alpn_protos")
        }
        if let (chainPath, keyPath) = configuration.clientCertificate {
            _ = try TLSPEMFile.read(chainPath, as: .certificateChain)
            _ = try TLSPEMFile.read(keyPath, as: .privateKey)
            guard SSL_CTX_use_certificate_chain_file(ctx, chainPath) == 1 else {
                throw TLSError.fromQueue(.invalidCertificate, file: .certificateChain, path: chainPath, detail: "unusable client certificate")
            }
            guard SSL_CTX_use_PrivateKey_file(ctx, keyPath, SSL_FILETYPE_PEM) == 1 else {
                throw TLSError.fromQueue(.invalidPrivateKey, file: .privateKey, path: keyPath, detail: "unusable client key")
            }
            guard SSL_CTX_check_private_key(ctx) == 1 else {
                throw TLSError.fromQueue(.keyMismatch, file: .privateKey, path: keyPath, detail: "the key does not match the certificate")
            }
        }
        built = true
        return TLSContext(handle: ctx, role: .client, certificate: nil)
    }
}
