import CheckoutHTTP
import Logging

/// A real `Server` on an ephemeral loopback port, for live tests over sockets.
public final class TestServer: Sendable {
    public let server: Server
    public let port: Int
    /// Set when started with `tls: true`: the TLS port and the CA to verify it.
    public let tlsPort: Int?
    public let certificates: TestCertificates?

    /// Starts `responder` on 127.0.0.1 with one loop unless `configure` says otherwise.
    public init(
        responder: any HTTPResponder, tls: Bool = false,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = ServerConfiguration()
        if tls {
            let certificates = try TestCertificates.shared()
            configuration.tls = try TLSContextStore(configuration: TLSConfiguration(
                certificateChainPath: certificates.certificatePath, privateKeyPath: certificates.keyPath))
            configuration.httpsPort = 0
            self.certificates = certificates
        } else {
            self.certificates = nil
        }
        configuration.host = "127.0.0.1"
        configuration.httpPort = 0
        configuration.eventLoopCount = 2
        configure(&configuration)
        var logger = Logger(label: "test-server")
        logger.logLevel = .critical
        server = Server(configuration: configuration, responder: responder, logger: logger)
        try server.start()
        port = server.httpPort ?? 0
        tlsPort = server.httpsPort
    }

    /// Starts a server, runs the blocking `body` with it on a thread of its own (never on
    /// the cooperative pool, which the server's handlers need), then shuts the server down.
    public static func with<T: Sendable>(
        _ responder: any HTTPResponder, tls: Bool = false,
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (TestServer) throws -> T
    ) async throws -> T {
        let server = try TestServer(responder: responder, tls: tls, configure: configure)
        defer { server.server.shutdown() }
        return try await Blocking.run { try body(server) }
    }

    /// A new client connection: TLS when the server was started with TLS.
    public func connect(timeout: Double = 10) throws -> TestConnection {
        if let tlsPort, let certificates {
            return try TestConnection(tlsPort: tlsPort, caPath: certificates.caPath, timeout: timeout)
        }
        return try TestConnection(port: port, timeout: timeout)
    }

    /// A plain connection even when TLS is on (to send bytes to the TLS port raw).
    public func connectRaw(toTLSPort: Bool, timeout: Double = 10) throws -> TestConnection {
        try TestConnection(port: toTLSPort ? (tlsPort ?? port) : port, timeout: timeout)
    }
}
