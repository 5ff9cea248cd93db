import CheckoutHTTP
import Logging

/// A real `Server` on an ephemeral loopback port, for live tests over sockets.
public final class TestServer: Sendable {
    public let server: Server
    public let port: Int

    /// Starts `responder` on 127.0.0.1 with one loop unless `configure` says otherwise.
    public init(
        responder: any HTTPResponder,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.httpPort = 0
        configuration.eventLoopCount = 2
        configure(&configuration)
        var logger = Logger(label: "test-server")
        logger.logLevel = .critical
        server = Server(configuration: configuration, responder: responder, logger: logger)
        try server.start()
        port = server.httpPort ?? 0
    }

    /// Starts a server, runs the blocking `body` with it on a thread of its own (never on
    /// the cooperative pool, which the server's handlers need), then shuts the server down.
    public static func with<T: Sendable>(
        _ responder: any HTTPResponder,
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (TestServer) throws -> T
    ) async throws -> T {
        let server = try TestServer(responder: responder, configure: configure)
        defer { server.server.shutdown() }
        return try await Blocking.run { try body(server) }
    }

    /// A new client connection to this server.
    public func connect(timeout: Double = 10) throws -> TestConnection {
        try TestConnection(port: port, timeout: timeout)
    }
}
