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
    var pendingReads: [UInt64] = []
    private var listeners: [Listener] = []
    var connections: [UInt64: Connection] = [:]
    private var nextConnectionID = EventLoop.firstConnectionToken
    private var reserveFD: Int32 = -1
    /// The listeners are not watched until the next tick (out of descriptors, no reserve).
    private var acceptPaused = false
    /// Connections closed unaccepted since the last "out of file descriptors" warning, and when it was.
    private var shedSinceWarning = 0
    private var lastShedWarning: Int64 = .min / 2
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Decrypted bytes of TLS connections pass through here.
    let plaintextBuffer: UnsafeMutableRawBufferPointer
    private var running = true
    private(set) var shuttingDown = false
    private var cachedDate: (second: Int, text: String) = (0, "")
    private var requestCounter: UInt64 = 0
    /// `<server prefix><loop index>-`, the part of every request id this loop makes that never changes.
    private let requestIDPrefix: [UInt8]
    /// Access-log lines of this wake-up, written by `flushAccessLog` before the loop waits again.
    var accessLines: [UInt8] = []
    /// Milliseconds on the monotonic clock, refreshed once per wake-up.
    var now: Int64 = monotonicMilliseconds()

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

    // MARK: Accepting

    private func acceptAll(_ listener: Listener) {
        while !shuttingDown {
            do {
                guard case .processed(let client) = try listener.socket.accept() else { return }
                let open = context.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
                if open > context.maxConnections {
                    context.openConnections.wrappingSubtract(1, ordering: .relaxed)
                    client.close()
                    continue
                }
                register(client, isSecure: listener.isSecure)
            } catch let error where error.errno == EMFILE || error.errno == ENFILE {
                shedOneConnection(listener)
                return
            } catch {
                // ECONNABORTED, EPROTO and friends concern one peer only.
                continue
            }
        }
    }

    /// Out of descriptors: free the reserve, accept and close one connection so the
    /// listener does not stay readable forever, then take the reserve back. When that fails
    /// (another thread took the freed descriptor, so there is no reserve), the listeners stop
    /// being watched until the next tick instead of waking the loop on every round: a level-
    /// triggered listener at EMFILE once spun the loop and wrote 46 million warnings in 90 s.
    private func shedOneConnection(_ listener: Listener) {
        if reserveFD < 0 { reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC) }
        var shed = false
        if reserveFD >= 0 {
            close(reserveFD)
            if case .processed(let client)? = try? listener.socket.accept() {
                client.close()
                shed = true
            }
            reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
        }
        if shed { shedSinceWarning += 1 } else { pauseAccepting() }
        // One line a second at most, with what was shed since the last one.
        if now - lastShedWarning >= 1_000 {
            lastShedWarning = now
            context.logger.warning("out of file descriptors: refusing connections (closed \(shedSinceWarning) unaccepted since the last warning, open: \(context.openConnections.load(ordering: .relaxed)))")
            shedSinceWarning = 0
        }
    }

    /// Stops watching the listeners until the next tick (`resumeAccepting`).
    private func pauseAccepting() {
        guard !acceptPaused else { return }
        acceptPaused = true
        for listener in listeners { try? epoll.modify(listener.socket.fd, events: 0, token: listener.token) }
    }

    /// Watches the listeners again; a listener that is still readable wakes the loop at once.
    private func resumeAccepting() {
        guard acceptPaused else { return }
        acceptPaused = false
        for listener in listeners { try? epoll.modify(listener.socket.fd, events: Epoll.readable, token: listener.token) }
    }

    private func register(_ socket: Socket, isSecure: Bool) {
        socket.setNoDelay()
        let id = nextConnectionID
        nextConnectionID += 1
        let configuration = context.configuration
        let machine = ConnectionStateMachine(now: now, limits: configuration.limits, timeouts: configuration.timeouts)
        var session: TLSSession?
        if isSecure {
            do {
                session = try configuration.tls?.makeSession()
            } catch {
                context.logger.error("cannot start a TLS session: \(error)")
            }
            guard session != nil else {
                socket.close()
                context.openConnections.wrappingSubtract(1, ordering: .relaxed)
                return
            }
        }
        let deadline = isSecure ? now + configuration.timeouts.handshakeMilliseconds : nil
        let connection = Connection(id: id, socket: socket, peer: socket.peerAddress, tls: session,
                                    machine: machine, handshakeDeadline: deadline)
        do {
            try epoll.add(socket.fd, events: Epoll.readable | Epoll.writable | Epoll.readHangup | Epoll.edgeTriggered, token: id)
        } catch {
            socket.close()
            context.openConnections.wrappingSubtract(1, ordering: .relaxed)
            return
        }
        connections[id] = connection
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
            case .none, .sendContinue, .dispatch: break
            }
        }
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
