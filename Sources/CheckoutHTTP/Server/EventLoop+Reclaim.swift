import Synchronization

/// The loop's idle list: which connections are between requests, and closing the oldest of
/// them when descriptors or connection slots run out (`ReclaimPolicy`).
extension EventLoop {
    /// Whether `connection` may be closed to make room: open, waiting for its next (or first)
    /// request with nothing of it read, nothing unwritten, no response or event stream in
    /// progress, not closing; a TLS connection only before its handshake's first byte or
    /// after the handshake. A live event stream is a response in progress, so never idle
    /// (nginx does not close active responses either).
    func isReusable(_ connection: Connection) -> Bool {
        guard connection.isOpen, connection.exchange == nil, connection.lingerUntil == nil,
              !connection.closeAfterFlush, !connection.hasPendingOutput,
              connection.wireOffset >= connection.wire.count,
              case .idle = connection.machine.phase else { return false }
        return connection.handshakeDeadline == nil || !connection.handshakeStarted
    }

    /// Files `connection` as the newest idle one when it is reusable and not filed yet, and
    /// takes it out when it is filed but no longer reusable. Called when `drive` settles.
    func updateIdle(_ connection: Connection) {
        let reusable = isReusable(connection)
        if connection.idleSlot >= 0 {
            if !reusable { leaveIdle(connection) }
        } else if reusable {
            connection.idleSlot = idle.append(connection.id, since: now)
        }
    }

    /// Takes `connection` out of the idle list (bytes arrived, or it is closing).
    func leaveIdle(_ connection: Connection) {
        guard connection.idleSlot >= 0 else { return }
        idle.remove(slot: connection.idleSlot)
        connection.idleSlot = -1
    }

    /// Closes a batch of idle connections when the policy asks for it (past the high water
    /// mark, or `outOfDescriptors`); returns how many were closed.
    @discardableResult
    func reclaimIdle(outOfDescriptors: Bool) -> Int {
        let count = context.reclaimPolicy.reclaimCount(
            open: context.openConnections.load(ordering: .relaxed), idle: idle.count, outOfDescriptors: outOfDescriptors)
        guard count > 0 else { return 0 }
        return reclaim(count, outOfDescriptors: outOfDescriptors)
    }

    /// Closes up to `limit` idle connections, oldest first, and returns how many it closed.
    /// One whose socket turns out to hold bytes (a request that arrived since it was filed,
    /// not yet read) is read and served instead of closed; at most `2 × limit` are looked at.
    func reclaim(_ limit: Int, outOfDescriptors: Bool = false) -> Int {
        var closed = 0
        var examined = 0
        while closed < limit, examined < 2 * limit, let entry = idle.oldest {
            examined += 1
            guard let connection = connections[entry.id] else {
                preconditionFailure("idle list holds connection \(entry.id), which is not open")
            }
            leaveIdle(connection)
            if connection.socket.hasPendingInput {
                handleReadable(connection)
                continue
            }
            closeConnection(connection)
            closed += 1
        }
        if closed > 0 {
            context.reclaimedConnections.wrappingAdd(closed, ordering: .relaxed)
            reportPressure(reclaimed: closed, outOfDescriptors: outOfDescriptors)
        }
        return closed
    }
}
