import CLinux
import Glibc

/// The write side: plaintext straight to the socket (with `sendfile` for files), or
/// through the connection's TLS session.
extension EventLoop {
    /// Writes what is pending; continues on EPOLLOUT when the socket is full. When all is
    /// out, finishes the exchange or starts the close that an error answer asked for.
    func flush(_ connection: Connection) {
        guard connection.isOpen, connection.lingerUntil == nil else { return }
        let done = connection.tls.map { flushTLS(connection, session: $0) } ?? flushPlain(connection)
        if let stream = connection.stream {
            // Everything received but what is still unsent has left: let the pump go on.
            stream.credit.consumed(stream.received - (connection.outbound.count - connection.outboundOffset))
        }
        guard done, connection.isOpen else { return }
        if connection.closeAfterFlush {
            startLingeringClose(connection)
        } else if connection.exchange?.responseQueued == true {
            finishExchange(connection)
        }
    }

    private enum WriteOutcome {
        case done, blocked, failed
    }

    /// Writes `bytes[offset...]` and returns the new offset. It touches no other state of the
    /// connection (the caller closes it on `.failed`, after its own accesses have ended).
    private func writeAll(_ bytes: [UInt8], from start: Int, socket: Socket) -> (WriteOutcome, Int) {
        var offset = start
        while offset < bytes.count {
            let result: IOResult<Int>
            do {
                result = try bytes.withUnsafeBytes { raw throws(SystemError) in
                    try socket.write(UnsafeRawBufferPointer(rebasing: raw[offset...]))
                }
            } catch {
                return (.failed, offset)
            }
            guard case .processed(let written) = result else { return (.blocked, offset) }
            offset += written
        }
        return (.done, offset)
    }

    /// Writes the plaintext (`wire: false`) or ciphertext buffer; `true` when it is empty now.
    private func drain(_ connection: Connection, wire: Bool) -> Bool {
        let (outcome, offset) = wire
            ? writeAll(connection.wire, from: connection.wireOffset, socket: connection.socket)
            : writeAll(connection.outbound, from: connection.outboundOffset, socket: connection.socket)
        let progressed = wire ? offset > connection.wireOffset : offset > connection.outboundOffset
        if wire { connection.wireOffset = offset } else { connection.outboundOffset = offset }
        if progressed { connection.machine.writeProgressed(now: now) }
        switch outcome {
        case .done: return true
        case .blocked: return false
        case .failed:
            closeConnection(connection)
            return false
        }
    }

    private func flushPlain(_ connection: Connection) -> Bool {
        guard drain(connection, wire: false) else { return false }
        resetOutbound(connection)
        guard var file = connection.file else { return true }
        while file.remaining > 0 {
            let result: IOResult<Int>
            do {
                result = try connection.socket.sendFile(file.fd, offset: &file.offset, count: min(file.remaining, 1 << 20))
            } catch {
                closeConnection(connection)
                return false
            }
            switch result {
            case .wouldBlock:
                connection.file = file
                return false
            case .processed(0):
                // The file shrank under us: the promised length cannot be kept.
                closeConnection(connection)
                return false
            case .processed(let sent):
                file.remaining -= sent
                connection.machine.writeProgressed(now: now)
            }
        }
        close(file.fd)
        connection.file = nil
        return true
    }

    /// Encrypts pending plaintext (and file bodies, read in 64 KiB pieces as the socket
    /// drains) and writes the ciphertext.
    private func flushTLS(_ connection: Connection, session: TLSSession) -> Bool {
        while true {
            guard drain(connection, wire: true) else { return false }
            connection.wire.removeAll(keepingCapacity: connection.wire.capacity <= 64 * 1024)
            connection.wireOffset = 0
            if session.hasPendingCiphertext {
                session.drainCiphertext(into: &connection.wire)
                continue
            }
            guard session.isHandshakeComplete else { return connection.outboundOffset >= connection.outbound.count }
            if connection.outboundOffset < connection.outbound.count {
                let offset = connection.outboundOffset
                let encrypted: Bool = connection.outbound.withUnsafeBytes { raw in
                    do {
                        try session.writePlaintext(UnsafeRawBufferPointer(rebasing: raw[offset...]))
                        return true
                    } catch {
                        return false
                    }
                }
                guard encrypted else {
                    closeConnection(connection)
                    return false
                }
                resetOutbound(connection)
                continue
            }
            if var file = connection.file {
                if file.remaining == 0 {
                    close(file.fd)
                    connection.file = nil
                    continue
                }
                let count = pread(file.fd, plaintextBuffer.baseAddress, min(file.remaining, plaintextBuffer.count), off_t(file.offset))
                guard count > 0 else {
                    closeConnection(connection)
                    return false
                }
                do {
                    try session.writePlaintext(UnsafeRawBufferPointer(rebasing: plaintextBuffer[0..<count]))
                } catch {
                    closeConnection(connection)
                    return false
                }
                file.offset += count
                file.remaining -= count
                connection.file = file
                continue
            }
            return true
        }
    }

    private func resetOutbound(_ connection: Connection) {
        if connection.outbound.capacity > 64 * 1024 {
            connection.outbound = []
        } else {
            connection.outbound.removeAll(keepingCapacity: true)
        }
        connection.outboundOffset = 0
    }

    /// Feeds ciphertext to the session, advances the handshake and passes plaintext to the
    /// state machine. `false` when the connection was closed.
    func receiveTLS(_ bytes: UnsafeRawBufferPointer, session: TLSSession, on connection: Connection) -> Bool {
        session.feed(bytes)
        connection.tlsBuffersHeld = true
        do {
            if !session.isHandshakeComplete {
                connection.handshakeStarted = true
                // A stalled peer's partial record stays in our buffer, not in OpenSSL's.
                guard session.holdsWholeRecord else { return true }
                let result = try session.handshake()
                if session.hasPendingCiphertext { flush(connection) }
                guard connection.isOpen else { return false }
                guard result == .complete else { return true }
                connection.handshakeDeadline = nil
                // Busy connections keep their record buffers; the tick frees an idle one's.
                session.keepRecordBuffers()
            }
            reading: while true {
                switch try session.readPlaintext(into: plaintextBuffer) {
                case .bytes(let count):
                    connection.machine.bytesReceived(UnsafeRawBufferPointer(rebasing: plaintextBuffer[0..<count]), now: now)
                case .wantRead:
                    break reading
                case .closed:
                    connection.machine.peerClosed()
                    break reading
                }
            }
        } catch {
            // A bad record or handshake: send the alert if any, then close.
            if session.hasPendingCiphertext {
                session.drainCiphertext(into: &connection.wire)
                writeBestEffort(connection)
            }
            closeConnection(connection)
            return false
        }
        if session.hasPendingCiphertext { flush(connection) }
        return connection.isOpen
    }

    /// Queues TLS close_notify and sends it if the socket takes it now (best effort).
    func sendCloseNotify(_ connection: Connection) {
        guard let session = connection.tls, session.isHandshakeComplete else { return }
        session.shutdown()
        session.drainCiphertext(into: &connection.wire)
        writeBestEffort(connection)
    }

    /// One non-blocking write of the pending ciphertext, ignoring the outcome (closing anyway).
    private func writeBestEffort(_ connection: Connection) {
        let offset = connection.wireOffset
        connection.wire.withUnsafeBytes { raw in
            _ = Glibc.send(connection.socket.fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
        connection.wire.removeAll()
        connection.wireOffset = 0
    }
}
