import CLinux
import CheckoutThreads
import Glibc
import Logging
import Synchronization

/// One epoll event loop on its own thread. It owns its listeners (SO_REUSEPORT), its
/// connections and their state machines; other threads reach it only through its
/// `LoopInbox`, which queues a message and wakes it through an eventfd. Deadlines are
/// checked on a timerfd tick, not by a task per connection. Not Sendable: after `start()`
/// only its own thread touches it.
///
/// Its per-request state is `@exclusivity(unchecked)`, as `Connection`'s is and for the same
/// reason: one thread, and no access held across a call that can reach the loop again
/// (`accessLines` goes `inout` only to the access log, which knows no loop).
final class EventLoop {
    struct Listener {
        let socket: Socket
        let token: UInt64
        let isSecure: Bool
    }

    static let wakeToken: UInt64 = 1
    static let timerToken: UInt64 = 2
    static let firstListenerToken: UInt64 = 4
    static let firstConnectionToken: UInt64 = 64

    let index: Int
    let context: ServerContext
    let epoll: Epoll
    /// What other threads may touch: the message queue and its eventfd.
    let inbox: LoopInbox
    private let timer: TimerFD
    /// Connections that used their read budget before the socket ran dry: read again after
    /// this round of events (edge-triggered epoll raises no new edge for them).
    @exclusivity(unchecked) var pendingReads: [UInt64] = []
    var listeners: [Listener] = []
    @exclusivity(unchecked) var connections: [UInt64: Connection] = [:]
    var nextConnectionID = EventLoop.firstConnectionToken
    /// A descriptor held back so that accept at EMFILE can still take a connection to close it.
    var reserveFD: Int32 = -1
    /// The listeners are not watched until the next tick (out of descriptors, no reserve).
    var acceptPaused = false
    /// Connections between requests, least recently idle first: closed to make room when
    /// descriptors or connection slots run out (`EventLoop+Accept.swift`).
    @exclusivity(unchecked) var idle = IdleConnections()
    /// What running out cost since the last warning (one a second at most).
    var pressureLog = PressureLog()
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Decrypted bytes of TLS connections pass through here.
    let plaintextBuffer: UnsafeMutableRawBufferPointer
    @exclusivity(unchecked) private var running = true
    private(set) var shuttingDown = false
    @exclusivity(unchecked) private var cachedDate: (second: Int, text: String) = (0, "")
    @exclusivity(unchecked) private var requestCounter: UInt64 = 0
    /// `<server prefix><loop index>-`, the part of every request id this loop makes that never changes.
    private let requestIDPrefix: [UInt8]
    /// Access-log lines of this wake-up, written by `flushAccessLog` before the loop waits again.
    @exclusivity(unchecked) var accessLines: [UInt8] = []
    /// Milliseconds on the monotonic clock, refreshed once per wake-up.
    @exclusivity(unchecked) var now: Int64 = monotonicMilliseconds()

    init(index: Int, context: ServerContext, listeners: [(Socket, isSecure: Bool)]) throws(SystemError) {
        self.index = index
        self.context = context
        requestIDPrefix = Array("\(context.requestIDPrefix)\(index)-".utf8)
        epoll = try Epoll()
        inbox = try LoopInbox()
        timer = try TimerFD()
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        plaintextBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
        try epoll.add(inbox.fd, events: Epoll.readable, token: Self.wakeToken)
        try epoll.add(timer.fd, events: Epoll.readable, token: Self.timerToken)
        try timer.arm(everyMilliseconds: context.configuration.timeouts.tickMilliseconds)
        for (offset, listener) in listeners.enumerated() {
            let token = Self.firstListenerToken + UInt64(offset)
            try epoll.add(listener.0.fd, events: Epoll.readable, token: token)
            self.listeners.append(Listener(socket: listener.0, token: token, isSecure: listener.isSecure))
        }
    }

    deinit {
        readBuffer.deallocate()
        plaintextBuffer.deallocate()
        if reserveFD >= 0 { close(reserveFD) }
    }

    /// Hands the loop to a thread of its own; from here on only that thread touches it.
    func start() -> LoopHandle {
        /// The one crossing of a loop to another thread, made once, before it runs.
        struct Handoff: @unchecked Sendable { let loop: EventLoop }
        let handoff = Handoff(loop: self)
        let thread = SystemThread(name: "http-loop-\(index)") { handoff.loop.run() }
        return LoopHandle(inbox: inbox, thread: thread)
    }

    private func run() {
        let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: 512)
        defer { events.deallocate() }
        while running {
            let count: Int
            do {
                count = try epoll.wait(events, timeoutMilliseconds: pendingReads.isEmpty ? -1 : 0)
            } catch {
                context.logger.critical("event loop \(index) stopped: \(error)")
                break
            }
            now = monotonicMilliseconds()
            for event in events.prefix(count) {
                handle(token: event.data.u64, events: event.events)
            }
            resumePendingReads()
            flushAccessLog()
        }
        for connection in Array(connections.values) { closeConnection(connection) }
        for listener in listeners { listener.socket.close() }
        listeners.removeAll()
        flushAccessLog()
    }

    private func handle(token: UInt64, events: UInt32) {
        switch token {
        case Self.wakeToken:
            for message in inbox.take() { handle(message) }
        case Self.timerToken:
            timer.drain()
            tick()
        case Self.firstListenerToken..<Self.firstConnectionToken:
            if let listener = listeners.first(where: { $0.token == token }) { acceptAll(listener) }
        default:
            guard let connection = connections[token] else { return }
            if events & (Epoll.readHangup | Epoll.hangup) != 0 { connection.peerHungUp = true }
            if events & (Epoll.readable | Epoll.readHangup | Epoll.hangup | Epoll.error) != 0 {
                handleReadable(connection)
            }
            if events & Epoll.writable != 0, connection.isOpen {
                flush(connection)
            }
        }
    }

    private func handle(_ message: LoopMessage) {
        switch message {
        case .response(let id, let response):
            if let connection = connections[id] { writeResponse(response, on: connection) }
        case .chunk(let id, let bytes):
            if let connection = connections[id] { writeChunk(bytes, on: connection) }
        case .streamEnded(let id):
            if let connection = connections[id] { endStream(on: connection) }
        case .shutdown:
            beginShutdown()
        case .forceClose:
            for connection in Array(connections.values) { closeConnection(connection) }
            running = false
        }
    }

    // MARK: Timers and shutdown

    private func tick() {
        if !shuttingDown { resumeAccepting() }
        for connection in Array(connections.values) {
            if let until = connection.lingerUntil {
                if now >= until { closeConnection(connection) }
                continue
            }
            if let deadline = connection.handshakeDeadline, now >= deadline {
                closeConnection(connection)
                continue
            }
            switch connection.machine.tick(now: now) {
            case .close: closeConnection(connection)
            case .reject(let status): reject(status, on: connection)
            case .none, .sendContinue, .dispatch: releaseTLSBuffersIfIdle(connection)
            }
        }
    }

    /// A TLS connection idle for a whole tick gives OpenSSL's record buffers back (~34 KiB;
    /// established sessions keep them between records, see `TLSSession.keepRecordBuffers`).
    private func releaseTLSBuffersIfIdle(_ connection: Connection) {
        guard connection.tlsBuffersHeld, let tls = connection.tls, case .idle(let since) = connection.machine.phase,
              now - since >= Int64(context.configuration.timeouts.tickMilliseconds), !connection.hasPendingOutput
        else { return }
        if tls.releaseBuffers() { connection.tlsBuffersHeld = false }
    }

    private func beginShutdown() {
        shuttingDown = true
        for listener in listeners {
            epoll.remove(listener.socket.fd)
            listener.socket.close()
        }
        listeners.removeAll()
        for connection in Array(connections.values) where connection.machine.beginShutdown() == .close {
            closeConnection(connection)
        }
        stopIfDrained()
    }

    func stopIfDrained() {
        if shuttingDown && connections.isEmpty { running = false }
    }

    /// The `Date` header value, formatted once a second.
    var dateHeader: String {
        let second = Int(time(nil))
        if second != cachedDate.second { cachedDate = (second, HTTPDate.format(epochSeconds: second)) }
        return cachedDate.text
    }

    /// The client's `X-Request-Id` when it is sane, else a new one.
    func requestID(from headers: HTTPFields) -> String {
        if let given = headers["X-Request-Id"], (1...128).contains(given.utf8.count),
           given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return given
        }
        requestCounter += 1
        return RequestIDFormat.make(prefix: requestIDPrefix, counter: requestCounter)
    }
}

@available(*, unavailable)
extension EventLoop: Sendable {}
