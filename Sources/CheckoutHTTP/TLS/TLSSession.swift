import COpenSSL
import Glibc

/// One TLS connection as a pure byte transform: no sockets, no threads.
///
/// The owner (an event loop connection) drives it:
/// 1. `feed(_:)` every ciphertext byte read from the socket;
/// 2. `handshake()` until `.complete`, then `readPlaintext(into:)` / `writePlaintext(_:)`;
/// 3. after every call, `drainCiphertext()` and send the bytes to the socket;
/// 4. to close, `shutdown()`, drain, send, close the socket.
/// A thrown `TLSError` is final: every later call throws it again; drain (an alert may be
/// queued), send, and close.
public final class TLSSession {
    /// The context this session was made from; kept alive for the session's lifetime.
    public let context: TLSContext
    /// The `SSL *`.
    let ssl: OpaquePointer
    let store = TLSByteStore()
    // Unchecked as `TLSByteStore`'s are: one thread, each access instantaneous.
    @exclusivity(unchecked) private var failure: TLSError?
    @exclusivity(unchecked) private var peerClosed = false
    @exclusivity(unchecked) private var established = false

    /// Creates a session over `context` (server or client, by `context.role`).
    /// - Parameters:
    ///   - context: the server or client context.
    ///   - serverName: client only: the name sent as SNI and verified against the
    ///     certificate (a DNS name or an IP address). `nil` skips the name check.
    ///   - resuming: client only: a session from an earlier connection to resume.
    public init(context: TLSContext, serverName: String? = nil, resuming: TLSResumableSession? = nil) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.handle) else {
            throw TLSError.fromQueue(.sessionSetupFailed, detail: "SSL_new")
        }
        guard let bio = TLSByteBIO.make(store: store) else {
            SSL_free(ssl)
            throw TLSError.fromQueue(.sessionSetupFailed, detail: "BIO_new")
        }
        BIO_up_ref(bio)
        SSL_set_bio(ssl, bio, bio)  // takes both references
        self.ssl = ssl
        self.context = context
        switch context.role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client:
            SSL_set_connect_state(ssl)
            try configureClient(serverName: serverName, resuming: resuming)
        }
    }

    deinit { SSL_free(ssl) }  // frees the BIO before `store` goes away

    private func configureClient(serverName: String?, resuming: TLSResumableSession?) throws(TLSError) {
        if let serverName {
            // SSL_set1_host checks an IP address against IP SANs and a name against DNS SANs.
            guard SSL_set1_host(ssl, serverName) == 1 else {
                throw TLSError.fromQueue(.sessionSetupFailed, detail: "invalid server name '\(serverName)'")
            }
            // RFC 6066 §3: SNI carries host names only, never literal addresses.
            if !Self.isIPAddress(serverName), checkout_SSL_set_tlsext_host_name(ssl, serverName) != 1 {
                throw TLSError.fromQueue(.sessionSetupFailed, detail: "SSL_set_tlsext_host_name")
            }
        }
        if let resuming, SSL_set_session(ssl, resuming.handle) != 1 {
            throw TLSError.fromQueue(.sessionSetupFailed, detail: "SSL_set_session")
        }
    }

    // MARK: Ciphertext in and out

    /// Hands the session ciphertext read from the socket. Cheap; nothing is decrypted yet.
    public func feed(_ ciphertext: UnsafeRawBufferPointer) {
        store.append(ciphertext)
    }

    /// Hands the session ciphertext read from the socket.
    public func feed(_ ciphertext: [UInt8]) {
        ciphertext.withUnsafeBytes { store.append($0) }
    }

    /// Ciphertext fed but not yet consumed by OpenSSL (a partial record, or records after a read limit).
    public var bufferedCiphertextCount: Int { store.inboundCount }

    /// Whether the ciphertext fed and not yet read starts with a whole TLS record (or with
    /// bytes no record starts with). A server that calls `handshake()` only then never makes
    /// OpenSSL hold a partial record: that takes its 16 KiB read buffer and 16 KiB handshake
    /// buffer (~34 KiB a connection) for as long as the peer stalls.
    public var holdsWholeRecord: Bool { store.startsWithWholeRecord }

    /// Whether ciphertext waits to be sent.
    public var hasPendingCiphertext: Bool { !store.outbound.isEmpty }

    /// Takes every ciphertext byte produced so far (handshake messages, records, alerts);
    /// send them to the socket in order. Call after every other operation, even a failed one.
    public func drainCiphertext() -> [UInt8] {
        var bytes: [UInt8] = []
        swap(&bytes, &store.outbound)
        return bytes
    }

    /// Appends every ciphertext byte produced so far to `buffer`.
    public func drainCiphertext(into buffer: inout [UInt8]) {
        if buffer.isEmpty {
            swap(&buffer, &store.outbound)
        } else {
            buffer.append(contentsOf: store.outbound)
            store.outbound = []
        }
    }

    // MARK: Handshake

    /// Advances the handshake with the ciphertext fed so far. Idempotent once complete.
    public func handshake() throws(TLSError) -> TLSHandshakeResult {
        if let failure { throw failure }
        if isHandshakeComplete { return .complete }
        OpenSSLErrorQueue.clear()
        let rc = SSL_do_handshake(ssl)
        if rc == 1 {
            established = true
            return .complete
        }
        switch SSL_get_error(ssl, rc) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wantRead
        case SSL_ERROR_ZERO_RETURN:
            throw fail(.closedDuringHandshake, code: SSL_ERROR_ZERO_RETURN)
        case let code:
            throw fail(.handshakeFailed, code: code)
        }
    }

    /// Whether the handshake has completed (it stays `true` after a later failure).
    public var isHandshakeComplete: Bool {
        if !established && SSL_is_init_finished(ssl) == 1 { established = true }
        return established
    }

    /// From now on the record buffers (~34 KiB) stay between records instead of being freed
    /// and allocated again for each one (`SSL_MODE_RELEASE_BUFFERS`, the contexts' default);
    /// the owner frees them with `releaseBuffers()` when the connection goes idle. The server's
    /// event loop calls it once a handshake completes.
    public func keepRecordBuffers() {
        _ = SSL_ctrl(ssl, SSL_CTRL_CLEAR_MODE, Int(SSL_MODE_RELEASE_BUFFERS), nil)
    }

    /// Whether record buffers are freed as soon as they run empty (see `keepRecordBuffers`).
    public var releasesBuffersWhenEmpty: Bool {
        SSL_ctrl(ssl, SSL_CTRL_MODE, 0, nil) & Int(SSL_MODE_RELEASE_BUFFERS) != 0
    }

    /// Frees the record buffers if nothing is in them; the next record allocates them again.
    /// Answers whether they are free now (OpenSSL refuses while a record is half read).
    @discardableResult
    public func releaseBuffers() -> Bool {
        SSL_free_buffers(ssl) == 1
    }

    // MARK: Plaintext

    /// Decrypts buffered records into `buffer` (until it is full), then reports what happened.
    ///
    /// Returns `.bytes(n)` when plaintext was produced (a close_notify behind it is
    /// reported by the next call as `.closed`), `.wantRead` when a full record is
    /// missing, `.closed` once the peer has sent close_notify. An error met after some
    /// plaintext is thrown by the next call. Runs the handshake first if it is not complete.
    public func readPlaintext(into buffer: UnsafeMutableRawBufferPointer) throws(TLSError) -> TLSReadResult {
        if let failure { throw failure }
        var total = 0
        while total < buffer.count && !peerClosed {
            // Nothing fed is left unread (here or inside OpenSSL): a further SSL_read could only
            // fail with WANT_READ, which costs a call and the error queue each request.
            if established && store.inboundCount == 0 && SSL_has_pending(ssl) == 0 { break }
            OpenSSLErrorQueue.clear()
            let chunk = Int32(clamping: buffer.count - total)
            let rc = SSL_read(ssl, buffer.baseAddress! + total, chunk)
            if rc > 0 {
                total += Int(rc)
                continue
            }
            switch SSL_get_error(ssl, rc) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return total > 0 ? .bytes(total) : .wantRead
            case SSL_ERROR_ZERO_RETURN:
                peerClosed = true
            case let code:
                let kind: TLSError.Kind = isHandshakeComplete ? .connectionFailed : .handshakeFailed
                let error = fail(kind, code: code)
                if total > 0 { return .bytes(total) }  // the next call throws `error`
                throw error
            }
        }
        if total > 0 { return .bytes(total) }
        return peerClosed ? .closed : .wantRead
    }

    /// Decrypts buffered records and appends up to `maxBytes` of plaintext to `buffer`.
    /// See `readPlaintext(into:)` for the results.
    public func readPlaintext(into buffer: inout [UInt8], maxBytes: Int = 64 * 1024) throws(TLSError) -> TLSReadResult {
        var total = 0
        var outcome = TLSReadResult.wantRead
        var thrown: TLSError?
        withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 1) { scratch in
            while total < maxBytes {
                let window = UnsafeMutableRawBufferPointer(rebasing: scratch[..<min(scratch.count, maxBytes - total)])
                do throws(TLSError) {
                    outcome = try readPlaintext(into: window)
                } catch {
                    thrown = error
                    return
                }
                guard case .bytes(let count) = outcome else { return }
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: window[..<count]))
                total += count
                if count < window.count { return }
            }
        }
        if total > 0 { return .bytes(total) }
        if let thrown { throw thrown }
        return outcome
    }

    /// Encrypts all of `bytes` into records; drain them afterwards. Requires a complete handshake.
    public func writePlaintext(_ bytes: UnsafeRawBufferPointer) throws(TLSError) {
        if let failure { throw failure }
        guard isHandshakeComplete else { throw TLSError(.writeBeforeHandshake) }
        var offset = 0
        while offset < bytes.count {
            OpenSSLErrorQueue.clear()
            let chunk = Int32(clamping: bytes.count - offset)
            let rc = SSL_write(ssl, bytes.baseAddress! + offset, chunk)
            guard rc > 0 else { throw fail(.connectionFailed, code: SSL_get_error(ssl, rc)) }
            offset += Int(rc)
        }
    }

    /// Encrypts all of `bytes` into records; drain them afterwards. Requires a complete handshake.
    public func writePlaintext(_ bytes: [UInt8]) throws(TLSError) {
        var thrown: TLSError?
        bytes.withUnsafeBytes { raw in
            do throws(TLSError) { try writePlaintext(raw) } catch { thrown = error }
        }
        if let thrown { throw thrown }
    }

    // MARK: Closing

    /// Queues close_notify (RFC 8446 §6.1); drain and send it before closing the socket.
    /// Does nothing before the handshake completes or after a failure.
    public func shutdown() {
        guard failure == nil, isHandshakeComplete, SSL_get_shutdown(ssl) & SSL_SENT_SHUTDOWN == 0 else { return }
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
    }

    /// Whether the peer has sent close_notify.
    public var isClosedByPeer: Bool { peerClosed }

    private func fail(_ kind: TLSError.Kind, code: Int32) -> TLSError {
        let error = TLSError.fromQueue(kind, sslErrorCode: code)
        failure = error
        return error
    }

    private static func isIPAddress(_ name: String) -> Bool {
        var storage = in6_addr()
        return inet_pton(AF_INET, name, &storage) == 1 || inet_pton(AF_INET6, name, &storage) == 1
    }
}

@available(*, unavailable)
extension TLSSession: Sendable {}
