import CLinux
import Glibc
import Logging
import Synchronization

/// Accepting connections, and what happens when descriptors or connection slots run out.
extension EventLoop {
    /// Accepts what the listener's backlog holds. Past the high water mark a batch of idle
    /// connections is closed first; at the ceiling an idle one makes room for each new one;
    /// at EMFILE/ENFILE idle ones are closed and accept goes on. Only when this loop has no
    /// idle connection left is a new one refused (closed at once, or shed unaccepted).
    func acceptAll(_ listener: Listener) {
        reclaimIdle(outOfDescriptors: false)
        while !shuttingDown {
            do {
                guard case .processed(let client) = try listener.socket.accept() else { return }
                let open = context.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
                if open > context.maxConnections && reclaim(1) == 0 {
                    context.openConnections.wrappingSubtract(1, ordering: .relaxed)
                    client.close()
                    context.refusedConnections.wrappingAdd(1, ordering: .relaxed)
                    reportPressure(refused: 1)
                    continue
                }
                register(client, isSecure: listener.isSecure)
            } catch let error where error.errno == EMFILE || error.errno == ENFILE {
                if reclaimIdle(outOfDescriptors: true) > 0 {
                    if reserveFD < 0 { reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC) }
                    continue
                }
                shedOneConnection(listener)
                return
            } catch {
                // ECONNABORTED, EPROTO and friends concern one peer only.
                continue
            }
        }
    }

    /// Out of descriptors with nothing idle to close: free the reserve, accept and close one
    /// connection so the listener does not stay readable forever, then take the reserve back.
    /// When that fails (another thread took the freed descriptor, so there is no reserve), the
    /// listeners stop being watched until the next tick instead of waking the loop on every
    /// round: a level-triggered listener at EMFILE once spun the loop and wrote 46 million
    /// warnings in 90 s.
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
        if shed {
            context.refusedConnections.wrappingAdd(1, ordering: .relaxed)
        } else {
            pauseAccepting()
        }
        reportPressure(refused: shed ? 1 : 0, outOfDescriptors: true)
    }

    /// Counts what running out cost; one warning a second per loop at most, with the counts.
    func reportPressure(refused: Int = 0, reclaimed: Int = 0, outOfDescriptors: Bool = false) {
        guard let report = pressureLog.record(refused: refused, reclaimed: reclaimed,
                                              outOfDescriptors: outOfDescriptors, now: now) else { return }
        let open = context.openConnections.load(ordering: .relaxed)
        if report.outOfDescriptors {
            context.logger.warning("out of file descriptors: refusing connections (closed \(report.refused) unaccepted and \(report.reclaimed) idle keep-alive connections to make room since the last warning, open: \(open))")
        } else {
            context.logger.warning("connections near the limit of \(context.reclaimPolicy.capacity): closed \(report.reclaimed) idle keep-alive connections to make room and refused \(report.refused) new ones since the last warning (open: \(open))")
        }
    }

    /// Stops watching the listeners until the next tick (`resumeAccepting`).
    private func pauseAccepting() {
        guard !acceptPaused else { return }
        acceptPaused = true
        for listener in listeners { try? epoll.modify(listener.socket.fd, events: 0, token: listener.token) }
    }

    /// Watches the listeners again; a listener that is still readable wakes the loop at once.
    func resumeAccepting() {
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
        connection.idleSlot = idle.append(id, since: now)
    }
}
