import COpenSSL

extension TLSContext {
    /// Session id context: sessions are only resumed by contexts of this program.
    private static let sessionIDContext = Array("chatcheckout".utf8)

    /// Builds a server context from the PEM chain and key in `configuration`.
    ///
    /// Fails with a `TLSError` naming the file and the reason: `.fileNotFound`,
    /// `.fileUnreadable`, `.notPEM`, `.invalidCertificate`, `.invalidPrivateKey`,
    /// `.keyMismatch`. An expired certificate is not an error: check `isExpired`.
    public convenience init(configuration: TLSConfiguration) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        let chainPath = configuration.certificateChainPath
        let keyPath = configuration.privateKeyPath
        _ = try TLSPEMFile.read(chainPath, as: .certificateChain)
        let key = try Self.parsePrivateKey(TLSPEMFile.read(keyPath, as: .privateKey), path: keyPath)
        defer { EVP_PKEY_free(key) }

        guard let ctx = SSL_CTX_new(TLS_server_method()) else {
            throw TLSError.fromQueue(.contextSetupFailed, detail: "SSL_CTX_new")
        }
        var built = false
        defer { if !built { SSL_CTX_free(ctx) } }

        try Self.applyProtocolPolicy(ctx)
        var options = CHECKOUT_SSL_OP_CIPHER_SERVER_PREFERENCE
        if !configuration.sessionTicketsEnabled { options |= CHECKOUT_SSL_OP_NO_TICKET }
        SSL_CTX_set_options(ctx, options)
        try Self.configureSessionCache(ctx, configuration)
        checkout_SSL_CTX_select_alpn_http11(ctx)

        guard SSL_CTX_use_certificate_chain_file(ctx, chainPath) == 1 else {
            throw TLSError.fromQueue(.invalidCertificate, file: .certificateChain, path: chainPath,
                                     detail: "no usable certificate")
        }
        // OpenSSL refuses a key of the certificate's type that does not match it here...
        guard SSL_CTX_use_PrivateKey(ctx, key) == 1 else {
            throw TLSError.fromQueue(.keyMismatch, file: .privateKey, path: keyPath,
                                     detail: "does not belong to \(chainPath)")
        }
        // ...and a key of another type (an RSA key for an EC certificate) here.
        guard SSL_CTX_check_private_key(ctx) == 1 else {
            throw TLSError.fromQueue(.keyMismatch, file: .privateKey, path: keyPath,
                                     detail: "does not belong to \(chainPath)")
        }
        guard let leaf = SSL_CTX_get0_certificate(ctx), let info = TLSCertificateInfo(x509: leaf) else {
            throw TLSError.fromQueue(.invalidCertificate, file: .certificateChain, path: chainPath,
                                     detail: "cannot read the validity dates")
        }
        built = true
        self.init(handle: ctx, role: .server, certificate: info)
    }

    private static func configureSessionCache(_ ctx: OpaquePointer, _ configuration: TLSConfiguration) throws(TLSError) {
        checkout_SSL_CTX_set_session_cache_mode(ctx, Int(SSL_SESS_CACHE_SERVER))
        checkout_SSL_CTX_sess_set_cache_size(ctx, max(configuration.sessionCacheSize, 1))
        let timeout = max(configuration.sessionTimeout.components.seconds, 1)
        SSL_CTX_set_timeout(ctx, Int(timeout))
        let ok = sessionIDContext.withUnsafeBufferPointer {
            SSL_CTX_set_session_id_context(ctx, $0.baseAddress, UInt32($0.count))
        }
        try check(ok == 1, "SSL_CTX_set_session_id_context")
    }

    /// Parses an unencrypted PEM private key; encrypted keys are refused, never prompted for.
    private static func parsePrivateKey(_ pem: [UInt8], path: String) throws(TLSError) -> OpaquePointer {
        let key: OpaquePointer? = pem.withUnsafeBytes { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
            defer { BIO_free(bio) }
            return checkout_PEM_read_bio_PrivateKey_no_password(bio)
        }
        guard let key else {
            throw TLSError.fromQueue(.invalidPrivateKey, file: .privateKey, path: path,
                                     detail: "no unencrypted private key in the file")
        }
        return key
    }
}
