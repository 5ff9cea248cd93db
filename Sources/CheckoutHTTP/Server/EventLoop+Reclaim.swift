import Synchronization

/// Closing the longest-idle connections when descriptors or connection slots run out
/// (`ReclaimPolicy`), from the loop's `IdleConnections`.
///
/// The list is kept lazily, so a request costs nothing here: every connection is filed when
/// it is accepted and leaves when it closes; whether it is idle is looked at only when room
/// is needed. Then a connection found busy, or idle since later than it was filed, is filed
/// again at the newest end (a second chance, like a CLOCK cache), and one idle since it was
/// filed is closed.
extension EventLoop {
    /// Connections looked at per reclaim beyond those it closes (busy ones are filed again).
    static let reclaimLookahead = 64

    /// What `connection` is doing, for the policy: idle (since when) only when it may be
    /// closed: open, waiting for its next (or first) request with nothing of it read, nothing
    /// unwritten, no response or event stream in progress, not closing; a TLS connection
    /// only before its handshake's first byte or after the handshake. A live event stream is
    /// a response in progress, never idle (nginx does not close active responses either).
    func reclaimState(_ connection: Connection) -> ReclaimPolicy.State {
        guard connection.isOpen, connection.exchange == nil, connection.lingerUntil == nil,
              !connection.closeAfterFlush, !connection.hasPendingOutput,
              connection.wireOffset >= connection.wire.count,
              connection.handshakeDeadline == nil || !connection.handshakeStarted,
              case .idle(let since) = connection.machine.phase else { return .busy }
        return .idle(since: since)
    }

    /// Takes `connection` out of the idle list (it is closing).
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
            open: context.openConnections.load(ordering: .relaxed), filed: idle.count, outOfDescriptors: outOfDescriptors)
        guard count > 0 else { return 0 }
        return reclaim(count, outOfDescriptors: outOfDescriptors)
    }

    /// Closes up to `limit` idle connections, longest idle first, and returns how many it
    /// closed. One whose socket turns out to hold bytes (a request that arrived since the
    /// last read) is read and served instead.
    func reclaim(_ limit: Int, outOfDescriptors: Bool = false) -> Int {
        var closed = 0
        var examined = 0
        while closed < limit, examined < limit + Self.reclaimLookahead, let entry = idle.popOldest() {
            examined += 1
            guard let connection = connections[entry.id] else {
                preconditionFailure("idle list holds connection \(entry.id), which is not open")
            }
            connection.idleSlot = -1
            switch ReclaimPolicy.verdict(filed: entry, state: reclaimState(connection), now: now) {
            case .file(let since):
                connection.idleSlot = idle.append(connection.id, since: since)
            case .close where connection.socket.hasPendingInput:
                handleReadable(connection)
                if connection.isOpen { connection.idleSlot = idle.append(connection.id, since: now) }
            case .close:
                closeConnection(connection)
                closed += 1
            }
        }
        if closed > 0 {
            context.reclaimedConnections.wrappingAdd(closed, ordering: .relaxed)
            reportPressure(reclaimed: closed, outOfDescriptors: outOfDescriptors)
        }
        return closed
    }
}
