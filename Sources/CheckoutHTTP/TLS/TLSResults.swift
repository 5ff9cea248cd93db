/// The outcome of `TLSSession.handshake()`.
public enum TLSHandshakeResult: Sendable, Hashable {
    /// The handshake is done; application data may flow.
    case complete
    /// More ciphertext from the peer is needed: drain, send, wait for readability, feed, retry.
    case wantRead
}

/// The outcome of `TLSSession.readPlaintext(into:)`.
public enum TLSReadResult: Sendable, Hashable {
    /// This many plaintext bytes were appended / written.
    case bytes(Int)
    /// No complete record is buffered: feed more ciphertext first.
    case wantRead
    /// The peer sent close_notify; no more plaintext will come.
    case closed
}
