/// Server-side TLS settings: the PEM files and the limits that come with them.
public struct TLSConfiguration: Sendable, Hashable {
    /// PEM file holding the server certificate first, then any intermediates (`CHECKOUT_TLS_CERT`).
    public var certificateChainPath: String
    /// PEM file holding the unencrypted private key of that certificate (`CHECKOUT_TLS_KEY`).
    public var privateKeyPath: String
    /// How long a connection may take to complete its handshake; default 10 s.
    /// Enforced by the event loop's timers, not by `TLSSession`.
    public var handshakeTimeout: Duration
    /// Stateful server session cache entries (TLS 1.2 session ids, TLS 1.3 stateful tickets); default 20,000.
    public var sessionCacheSize: Int
    /// Lifetime of a cached session; default 1 day (Mozilla "intermediate").
    public var sessionTimeout: Duration
    /// Stateless session tickets; default off (Mozilla "intermediate": ticket keys are
    /// never rotated within a process, so they would weaken forward secrecy).
    /// Resumption works either way: off uses the server session cache.
    public var sessionTicketsEnabled: Bool

    /// - Parameters:
    ///   - certificateChainPath: PEM chain, leaf first.
    ///   - privateKeyPath: PEM private key (not encrypted).
    ///   - handshakeTimeout: default 10 s.
    ///   - sessionCacheSize: default 20,000 sessions.
    ///   - sessionTimeout: default 1 day.
    ///   - sessionTicketsEnabled: default `false`.
    public init(certificateChainPath: String, privateKeyPath: String,
                handshakeTimeout: Duration = .seconds(10), sessionCacheSize: Int = 20_000,
                sessionTimeout: Duration = .seconds(86_400), sessionTicketsEnabled: Bool = false) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.handshakeTimeout = handshakeTimeout
        self.sessionCacheSize = sessionCacheSize
        self.sessionTimeout = sessionTimeout
        self.sessionTicketsEnabled = sessionTicketsEnabled
    }
}

/// Client-side TLS settings for outgoing connections (and for tests playing the client).
/// The peer's chain is always verified and the host name always checked.
public struct TLSClientConfiguration: Sendable, Hashable {
    /// PEM file of trusted CA certificates; `nil` uses the system store (`/etc/ssl/certs`).
    public var trustedCAPath: String?
    /// Lowest protocol offered; default TLS 1.2.
    public var minimumVersion: TLSVersion
    /// Highest protocol offered; default TLS 1.3.
    public var maximumVersion: TLSVersion
    /// ALPN protocols offered, in preference order; default `["http/1.1"]`. Empty sends no ALPN.
    public var alpnProtocols: [String]
    /// A client certificate (PEM chain, leaf first) and its key, for servers that require one
    /// (QQ Wallet refunds); `nil` presents none.
    public var clientCertificate: (chainPath: String, keyPath: String)? {
        get { clientChainPath.flatMap { chain in clientKeyPath.map { (chain, $0) } } }
        set { (clientChainPath, clientKeyPath) = (newValue?.chainPath, newValue?.keyPath) }
    }
    var clientChainPath: String?
    var clientKeyPath: String?

    /// - Parameters:
    ///   - trustedCAPath: PEM CA bundle, or `nil` for the system store.
    ///   - minimumVersion: default `.tls1_2`.
    ///   - maximumVersion: default `.tls1_3`.
    ///   - alpnProtocols: default `["http/1.1"]`.
    public init(trustedCAPath: String? = nil, minimumVersion: TLSVersion = .tls1_2,
                maximumVersion: TLSVersion = .tls1_3, alpnProtocols: [String] = ["http/1.1"]) {
        self.trustedCAPath = trustedCAPath
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.alpnProtocols = alpnProtocols
    }
}

/// The protocol versions this code speaks.
public enum TLSVersion: Sendable, Hashable, CaseIterable {
    case tls1_2
    case tls1_3

    /// OpenSSL's name, as returned by `SSL_get_version` (`TLSv1.2`, `TLSv1.3`).
    public var name: String {
        switch self {
        case .tls1_2: "TLSv1.2"
        case .tls1_3: "TLSv1.3"
        }
    }
}
