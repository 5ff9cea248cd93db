import Glibc

/// How the server listens, how many loops it runs, and its limits and timeouts.
public struct ServerConfiguration: Sendable {
    /// Address to bind (numeric IPv4/IPv6, or `localhost`). Default 127.0.0.1.
    public var host = "127.0.0.1"
    /// Plain HTTP port; `nil` turns plain HTTP off, 0 picks an ephemeral port.
    public var httpPort: Int? = 8080
    /// TLS port; served only when `tls` is set. 0 picks an ephemeral port.
    public var httpsPort: Int? = nil
    /// Certificate and key for the TLS port; reloadable on SIGHUP.
    public var tls: TLSContextStore? = nil
    /// Event loops (threads); default one per core.
    public var eventLoopCount = ServerConfiguration.coreCount
    /// Threads running request handlers (a pool of the server's own); default two per core.
    public var handlerThreadCount = ServerConfiguration.coreCount * 2
    /// Open connections beyond this are closed at accept. Capped by RLIMIT_NOFILE at start
    /// unless `maxConnectionsIsExplicit` (then a warning says descriptors may run out first,
    /// and accept sheds connections on EMFILE instead).
    public var maxConnections = 16_384
    public var maxConnectionsIsExplicit = false
    public var limits = HTTPLimits()
    public var timeouts = HTTPTimeouts()
    /// Told about every answered request (metrics); `nil` for none.
    public var observer: (any ServerObserver)? = nil
    /// Receives a line per answered request, buffered per loop wake-up; `nil` logs each
    /// request through the server's `Logger` at level info.
    public var accessLog: (any AccessLog)? = nil
    /// Renders the errors the server answers itself (parse errors, timeouts, errors no
    /// middleware caught). The default answers plain text; the app passes its contract's.
    public var errorRenderer: any HTTPErrorRenderer = PlainTextErrorRenderer()

    public init() {}

    /// Online processors, at least 1.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// Every connection time limit, in milliseconds.
public struct HTTPTimeouts: Sendable {
    /// A new connection must deliver its first request head within this (10 s).
    public var firstRequestMilliseconds: Int64 = 10_000
    /// A request head must complete within this after its first byte (slowloris, 10 s).
    public var headMilliseconds: Int64 = 10_000
    /// Idle keep-alive between requests (60 s).
    public var idleMilliseconds: Int64 = 60_000
    /// A request body must make progress at least this often (10 s).
    public var bodyProgressMilliseconds: Int64 = 10_000
    /// A slow reader of our response must accept bytes at least this often (30 s).
    public var writeProgressMilliseconds: Int64 = 30_000
    /// TLS handshake must finish within this (10 s).
    public var handshakeMilliseconds: Int64 = 10_000
    /// Graceful shutdown waits at most this for requests in flight (8 s, under the 10 s promise).
    public var shutdownGraceMilliseconds: Int64 = 8_000

    public init() {}

    /// How often the loop timer scans for expired deadlines: a quarter of the shortest limit, 10–250 ms.
    var tickMilliseconds: Int {
        let shortest = [firstRequestMilliseconds, headMilliseconds, idleMilliseconds, bodyProgressMilliseconds,
                        writeProgressMilliseconds, handshakeMilliseconds].min() ?? 1000
        return Int(min(250, max(10, shortest / 4)))
    }
}
