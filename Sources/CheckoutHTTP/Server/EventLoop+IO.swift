import CLinux
import CheckoutThreads
import Glibc
import Logging
import Synchronization

/// Reading, dispatching and writing for the connections of one loop.
extension EventLoop {
    /// Pipelined bytes buffered beyond this while a response is outstanding pause reading.
    private static let maxBufferedWhileResponding = 256 * 1024
    /// Reads (of up to 64 KiB each) per connection per wake-up, so one fast sender cannot
    /// hold the loop (NIO's `maxMessagesPerRead`); the rest waits for the next round.
    static let readsPerWakeup = 4
    /// Bytes a streamed body may have outstanding before its producer is paused.
    static let streamWindow = 64 * 1024
    /// A streaming connection whose unsent bytes pass this is closed (its reader stopped).
    static let maxStreamBufferedBytes = 1024 * 1024
    /// How long an erroring or closing connection is drained before the socket closes.
    private static let lingerMilliseconds: Int64 = 2_000

    /// Reads what the socket holds, up to the read budget, handing every read to the state
    /// machine at once (so a head or body past its limit is refused as soon as it passes it,
    /// and what is buffered stays bounded). A connection that used its budget with bytes
    /// still waiting is read again after this round of events.
    func handleReadable(_ connection: Connection) {
        var reads = 0
        reading: while connection.isOpen {
            if connection.lingerUntil == nil, case .responding = connection.machine.phase,
               connection.machine.decoder.bufferedByteCount > Self.maxBufferedWhileResponding {
                connection.readPaused = true
                break
            }
            if reads == Self.readsPerWakeup {
                if !connection.readPending {
                    connection.readPending = true
                    pendingReads.append(connection.id)
                }
                break
            }
            reads += 1
            let result: IOResult<Int>
            do {
                result = try connection.socket.read(into: readBuffer)
            } catch {
                closeConnection(connection)
                return
            }
            switch result {
            case .wouldBlock:
                break reading
            case .processed(0):
                if connection.lingerUntil != nil {
                    closeConnection(connection)
                    return
                }
                connection.machine.peerClosed()
                break reading
            case .processed(let count):
                if connection.lingerUntil != nil { continue }
                let bytes = UnsafeRawBufferPointer(rebasing: readBuffer[0..<count])
                if let tls = connection.tls {
                    guard receiveTLS(bytes, session: tls, on: connection) else { return }
                } else {
                    connection.machine.bytesReceived(bytes, now: now)
                }
                if connection.lingerUntil == nil { drive(connection) }
                // A short read drained the socket; a later arrival raises a new edge. Keep
                // reading after a hang-up so the EOF itself is seen.
                if count < readBuffer.count && !connection.peerHungUp { break reading }
            }
        }
        if connection.isOpen, connection.lingerUntil == nil { drive(connection) }
    }

    /// Reads again the connections that used their budget in the last round.
    func resumePendingReads() {
        guard !pendingReads.isEmpty else { return }
        let waiting = pendingReads
        pendingReads.removeAll(keepingCapacity: true)
        for id in waiting {
            guard let connection = connections[id] else { continue }
            connection.readPending = false
            handleReadable(connection)
        }
    }

    /// Acts on buffered input until the machine waits for something.
    ///
    /// Iterative, never recursive: an answer given on the loop finishes its exchange inside
    /// `dispatch`, and `finishExchange` calls `drive` again. That inner call only marks the
    /// connection, and this loop picks up the next pipelined request, so the stack stays flat
    /// however many requests arrive in one read.
    func drive(_ connection: Connection) {
        if connection.isDriving {
            connection.needsDrive = true
            return
        }
        connection.isDriving = true
        defer { connection.isDriving = false }
        repeat {
            connection.needsDrive = false
            driveStep(connection)
        } while connection.needsDrive && connection.isOpen
    }

    private func driveStep(_ connection: Connection) {
        while connection.isOpen {
            switch connection.machine.nextAction(now: now) {
            case .none:
                if connection.machine.phase == .closed { closeConnection(connection) }
                return
            case .sendContinue:
                connection.outbound.append(contentsOf: ResponseEncoder.continueResponse)
                flush(connection)
            case .dispatch(let head, let body):
                dispatch(head, body: body, on: connection)
                return
            case .reject(let status):
                reject(status, on: connection)
                return
            case .close:
                closeConnection(connection)
                return
            }
        }
    }

    private func dispatch(_ head: HTTPRequestHead, body: [UInt8], on connection: Connection) {
        let id = requestID(from: head.headers)
        let context = RequestContext(requestID: id, remoteAddress: connection.peer, isSecure: connection.isSecure, eventLoop: index)
        var request = Request(method: head.method, target: head.target, version: head.version,
                              headers: head.headers, body: body, context: context)
        connection.exchange = Connection.Exchange(
            method: head.method, path: request.path, requestID: id,
            startedAtMicroseconds: monotonicMicroseconds(), version: head.version, keepAlive: head.keepAlive)
        if let inline = self.context.inlineResponder, let response = inline.respondInline(to: &request) {
            writeResponse(response, on: connection)
            return
        }
        let serverContext = self.context
        let connectionID = connection.id
        let handlers = self.context.handlers
        let inbox = self.inbox
        let routed = request
        Task(executorPreference: handlers) {
            let response = await HandlerExecutor.$current.withValue(handlers) {
                await serverContext.respond(to: routed)
            }
            inbox.post(.response(id: connectionID, response))
        }
    }

    /// Encodes a response and starts writing it: head and body in one write when possible.
    func writeResponse(_ response: Response, on connection: Connection) {
        // Moved out and back, not copied (a copy retained and released its four strings).
        guard connection.exchange?.responseQueued == false, var exchange = connection.exchange.take() else { return }
        let isHead = exchange.method == .head
        var keepAlive = exchange.keepAlive && !connection.machine.mustCloseAfterResponse
            && !response.headers.containsToken("close", in: "Connection")
        let sendsBody = !isHead && response.status.mayHaveBody
        exchange.status = response.status.code
        exchange.route = response.route
        var queued = true
        switch response.body {
        case .bytes(let bytes):
            encodeHead(response, length: bytes.count, chunked: false, keepAlive: keepAlive, exchange: exchange, on: connection)
            if sendsBody { connection.outbound.append(contentsOf: bytes) }
            exchange.bodyBytes = sendsBody ? bytes.count : 0
        case .file(let region):
            let fd = open(region.path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                context.logger.error("cannot open \(region.path) for a response", metadata: ["request_id": "\(exchange.requestID)"])
                connection.exchange = exchange
                return reject(.internalServerError, on: connection)
            }
            encodeHead(response, length: region.length, chunked: false, keepAlive: keepAlive, exchange: exchange, on: connection)
            if sendsBody && region.length > 0 {
                connection.file = Connection.OpenFile(fd: fd, offset: region.offset, remaining: region.length)
                exchange.bodyBytes = region.length
            } else {
                close(fd)
            }
        case .stream(let stream):
            let chunked = exchange.version != .http1_0
            if !chunked { keepAlive = false }
            encodeHead(response, length: nil, chunked: chunked, keepAlive: keepAlive, exchange: exchange, on: connection)
            if sendsBody {
                queued = false
                let id = connection.id
                let inbox = self.inbox
                let credit = StreamCredit(window: Self.streamWindow)
                let task = Task(executorPreference: context.handlers) {
                    var chunks = stream.makeAsyncIterator()
                    // The next chunk is taken only when the socket has room for it.
                    while await credit.waitForRoom() {
                        guard let chunk = await chunks.next() else {
                            inbox.post(.streamEnded(id: id))
                            return
                        }
                        credit.posting(chunk.count)
                        inbox.post(.chunk(id: id, chunk))
                    }
                }
                connection.stream = Connection.StreamState(task: task, chunked: chunked, credit: credit)
            }
        }
        exchange.keepAlive = keepAlive
        exchange.responseQueued = queued
        connection.exchange = exchange
        connection.machine.responseStarted(now: now)
        flush(connection)
    }

    private func encodeHead(_ response: Response, length: Int?, chunked: Bool, keepAlive: Bool,
                            exchange: Connection.Exchange, on connection: Connection) {
        ResponseEncoder.encodeHead(
            status: response.status, headers: response.headers, contentLength: length, chunked: chunked,
            keepAlive: keepAlive, version: exchange.version, date: dateHeader, requestID: exchange.requestID,
            into: &connection.outbound)
    }

    func writeChunk(_ bytes: [UInt8], on connection: Connection) {
        guard var stream = connection.stream, !stream.ended else { return }
        stream.received += bytes.count
        connection.stream = stream
        if connection.outbound.count - connection.outboundOffset + bytes.count > Self.maxStreamBufferedBytes {
            context.logger.info("\(connection.peer) stopped reading a streamed response: closed",
                                metadata: ["connection": "\(connection.id)"])
            return closeConnection(connection)
        }
        if stream.chunked {
            ResponseEncoder.encodeChunk(bytes, into: &connection.outbound)
        } else {
            connection.outbound.append(contentsOf: bytes)
        }
        connection.exchange?.bodyBytes += bytes.count
        flush(connection)
    }

    func endStream(on connection: Connection) {
        guard var stream = connection.stream, !stream.ended else { return }
        stream.ended = true
        connection.stream = stream
        if stream.chunked { ResponseEncoder.encodeLastChunk(into: &connection.outbound) }
        connection.exchange?.responseQueued = true
        flush(connection)
    }

    /// Answers a protocol error or timeout with `status` and `Connection: close`, then lingers.
    /// The body comes from the configured `HTTPErrorRenderer` (the server knows no contract).
    func reject(_ status: HTTPStatus, on connection: Connection) {
        let version = connection.exchange?.version ?? .http1_1
        let rendered = context.configuration.errorRenderer.response(for: HTTPServerError(status: status))
        var body: [UInt8] = []
        if case .bytes(let bytes) = rendered.body, status.mayHaveBody { body = bytes }
        ResponseEncoder.encodeHead(
            status: status, headers: rendered.headers, contentLength: body.count, chunked: false,
            keepAlive: false, version: version, date: dateHeader, requestID: connection.exchange?.requestID ?? "",
            into: &connection.outbound)
        connection.outbound.append(contentsOf: body)
        connection.closeAfterFlush = true
        context.logger.info("\(connection.peer) protocol error \(status.code)", metadata: ["connection": "\(connection.id)"])
        flush(connection)
    }

    /// The whole response left: log it, then keep the connection or close it.
    func finishExchange(_ connection: Connection) {
        guard let exchange = connection.exchange.take() else { return }
        if let stream = connection.stream.take() {
            stream.credit.close()
            stream.task.cancel()
        }
        let duration = monotonicMicroseconds() - exchange.startedAtMicroseconds
        logAccess(exchange, durationMicroseconds: duration)
        if let observer = context.configuration.observer {
            observer.exchangeCompleted(ExchangeRecord(
                method: exchange.method, route: exchange.route, status: exchange.status, bodyBytes: exchange.bodyBytes,
                durationMicroseconds: duration))
        }
        switch connection.machine.responseCompleted(keepAlive: exchange.keepAlive, now: now) {
        case .close:
            startLingeringClose(connection)
        default:
            if connection.readPaused {
                connection.readPaused = false
                handleReadable(connection)
            } else {
                drive(connection)
            }
            stopIfDrained()
        }
    }

    private func logAccess(_ exchange: Connection.Exchange, durationMicroseconds: Int64) {
        let entry = AccessLogEntry(
            method: exchange.method, path: exchange.path, status: exchange.status, bodyBytes: exchange.bodyBytes,
            durationMicroseconds: durationMicroseconds, requestID: exchange.requestID)
        context.accessLog.append(entry, to: &accessLines)
    }

    /// Hands the access-log lines of this wake-up to the log in one piece.
    func flushAccessLog() {
        guard !accessLines.isEmpty else { return }
        accessLines.withUnsafeBytes { context.accessLog.write($0) }
        accessLines.removeAll(keepingCapacity: accessLines.capacity <= 256 * 1024)
    }

    /// Sends FIN, then reads and drops what the peer still sends (so our last answer is
    /// not destroyed by a reset), closing on its EOF or after a short while.
    func startLingeringClose(_ connection: Connection) {
        if connection.machine.peerClosedWrite && connection.machine.decoder.bufferedByteCount == 0 {
            closeConnection(connection)
            return
        }
        sendCloseNotify(connection)
        connection.socket.shutdownWrite()
        connection.lingerUntil = now + Self.lingerMilliseconds
        connection.peerHungUp = true
        handleReadable(connection)
    }

    func closeConnection(_ connection: Connection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        connection.isOpen = false
        leaveIdle(connection)
        if connection.lingerUntil == nil { sendCloseNotify(connection) }
        if let file = connection.file { close(file.fd) }
        connection.file = nil
        if let stream = connection.stream.take() {
            stream.credit.close()
            stream.task.cancel()
        }
        connection.socket.close()
        context.openConnections.wrappingSubtract(1, ordering: .relaxed)
        stopIfDrained()
    }
}
