import CheckoutThreads
import Synchronization
import Glibc
import Logging

/// The HTTP server: N event loops sharing the listening ports through SO_REUSEPORT.
///
/// ```swift
/// let server = Server(configuration: config, responder: router.buildResponder(), logger: logger)
/// try server.start()
/// // ... later, on SIGTERM:
/// server.shutdown()
/// ```
public final class Server: Sendable {
    private struct State {
        var loops: [LoopHandle] = []
        var httpPort: Int?
        var httpsPort: Int?
        var stopped = false
    }

    public let configuration: ServerConfiguration
    private let responder: any HTTPResponder
    private let logger: Logger
    private let state = Locked(State())

    public init(configuration: ServerConfiguration, responder: any HTTPResponder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
    }

    /// The plain HTTP port actually bound (useful with port 0).
    public var httpPort: Int? { state.withLock { $0.httpPort } }
    /// The TLS port actually bound.
    public var httpsPort: Int? { state.withLock { $0.httpsPort } }
    /// Connections open right now, across loops.
    public var openConnections: Int { context?.openConnections.load(ordering: .relaxed) ?? 0 }
    /// Idle keep-alive connections closed to make room for new ones, since start.
    public var reclaimedConnections: Int { context?.reclaimedConnections.load(ordering: .relaxed) ?? 0 }
    /// New connections closed at accept, past the ceiling or out of descriptors, since start.
    public var refusedConnections: Int { context?.refusedConnections.load(ordering: .relaxed) ?? 0 }

    private let contextBox = Locked<ServerContext?>(nil)
    private var context: ServerContext? { contextBox.withLock { $0 } }

    /// Binds the ports and starts the loops. Throws when a port cannot be bound (also when
    /// another process already listens on it) or a loop cannot be set up.
    public func start() throws(ServerStartError) {
        let descriptorLimit = ResourceLimits.raiseOpenFileLimit()
        let loopCount = max(1, configuration.eventLoopCount)
        let ceiling = max(16, descriptorLimit - 32 - loopCount * 8)
        var maxConnections = min(configuration.maxConnections, ceiling)
        if configuration.maxConnectionsIsExplicit && configuration.maxConnections > ceiling {
            maxConnections = configuration.maxConnections
            logger.warning("max connections \(maxConnections) exceeds what \(descriptorLimit) file descriptors allow (\(ceiling)): extra connections will be shed on EMFILE")
        }
        let context = ServerContext(responder: responder, configuration: configuration, logger: logger,
                                    maxConnections: maxConnections,
                                    reclaimPolicy: ReclaimPolicy(capacity: min(maxConnections, ceiling)))
        contextBox.withLock { $0 = context }

        var perLoop = Array(repeating: [(Socket, isSecure: Bool)](), count: loopCount)
        var httpPort: Int?
        var httpsPort: Int?
        do throws(ServerStartError) {
            if let port = configuration.httpPort {
                httpPort = try bindAll(port: port, into: &perLoop, isSecure: false)
            }
            if let port = configuration.httpsPort, configuration.tls != nil {
                httpsPort = try bindAll(port: port, into: &perLoop, isSecure: true)
            }
        } catch {
            perLoop.joined().forEach { $0.0.close() }
            throw error
        }
        var loops: [EventLoop] = []
        do {
            for index in 0..<loopCount {
                loops.append(try EventLoop(index: index, context: context, listeners: perLoop[index]))
            }
        } catch {
            perLoop.joined().forEach { $0.0.close() }
            throw ServerStartError(port: nil, host: configuration.host, error: error)
        }
        let handles = loops.map { $0.start() }
        state.withLock {
            $0.loops = handles
            $0.httpPort = httpPort
            $0.httpsPort = httpsPort
        }
        logger.info("listening", metadata: [
            "http": "\(httpPort.map { "\(configuration.host):\($0)" } ?? "off")",
            "https": "\(httpsPort.map { "\(configuration.host):\($0)" } ?? "off")",
            "loops": "\(loopCount)", "max_connections": "\(maxConnections)",
        ])
    }

    /// One listener per loop on the same port; port 0 is resolved by the first bind. A port
    /// that another process listens on is refused first (`Socket.probePortIsFree`).
    private func bindAll(port: Int, into perLoop: inout [[(Socket, isSecure: Bool)]],
                         isSecure: Bool) throws(ServerStartError) -> Int {
        let role: ServerStartError.PortRole = isSecure ? .https : .http
        var actualPort = port
        do {
            if port != 0 { try Socket.probePortIsFree(host: configuration.host, port: port) }
            for index in perLoop.indices {
                let socket = try Socket.makeListener(host: configuration.host, port: actualPort, reusePort: true)
                if index == 0 { actualPort = socket.localPort }
                perLoop[index].append((socket, isSecure: isSecure))
            }
        } catch {
            throw ServerStartError(port: (role, port), host: configuration.host, error: error)
        }
        return actualPort
    }

    /// Stops accepting, lets requests in flight finish (up to the grace period), closes
    /// everything and returns when every loop has ended.
    public func shutdown() {
        let loops = state.withLock { state -> [LoopHandle] in
            guard !state.stopped else { return [] }
            state.stopped = true
            return state.loops
        }
        guard !loops.isEmpty else { return }
        loops.forEach { $0.inbox.post(.shutdown) }
        let deadline = monotonicMilliseconds() + configuration.timeouts.shutdownGraceMilliseconds
        let finished = Locked(0)
        let watchers = loops.map { loop in
            SystemThread(name: "http-drain") {
                loop.thread.join()
                finished.withLock { $0 += 1 }
            }
        }
        while finished.withLock({ $0 }) < loops.count && monotonicMilliseconds() < deadline {
            usleep(10_000)
        }
        if finished.withLock({ $0 }) < loops.count {
            logger.warning("shutdown grace period over: closing remaining connections")
            loops.forEach { $0.inbox.post(.forceClose) }
        }
        watchers.forEach { $0.join() }
        context?.handlers.stop()
        logger.info("server stopped")
    }
}
