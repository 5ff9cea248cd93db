/// The life of one HTTP/1.x connection as a value type: bytes and events in, actions out.
/// It owns the request decoder and every deadline, and does no I/O, so it is tested on an
/// injected clock (`now` in milliseconds) without sockets.
///
/// Requests are handled one at a time: while a response is outstanding, further pipelined
/// bytes stay buffered in the decoder, so answers always leave in request order.
struct ConnectionStateMachine {
    enum Phase: Equatable {
        /// Waiting for the first byte of a request (since `since`).
        case idle(since: Int64)
        /// Some bytes of a head arrived, the first at `firstByteAt`.
        case readingHead(firstByteAt: Int64)
        /// The head is complete; the body last made progress at `lastProgress`.
        case readingBody(lastProgress: Int64)
        /// A request was dispatched; its response is being produced or written.
        case responding
        /// Nothing more happens on this connection.
        case closed
    }

    enum Action: Equatable {
        /// Nothing to do until more bytes, a response or a timer.
        case none
        /// Write `100 Continue` before the body arrives.
        case sendContinue
        /// Hand a complete request to the handler.
        case dispatch(HTTPRequestHead, body: [UInt8])
        /// Answer with this error status, then close (only sent when no response started).
        case reject(HTTPStatus)
        /// Close the connection without another byte.
        case close
    }

    private(set) var phase: Phase
    private(set) var decoder: HTTPRequestDecoder
    private(set) var requestCount = 0
    private(set) var peerClosedWrite = false
    private(set) var shuttingDown = false
    private var lastWriteProgress: Int64 = 0
    private var writePending = false
    let timeouts: HTTPTimeouts

    init(now: Int64, limits: HTTPLimits, timeouts: HTTPTimeouts) {
        phase = .idle(since: now)
        decoder = HTTPRequestDecoder(limits: limits)
        self.timeouts = timeouts
    }

    /// Buffers bytes read from the peer. Call `nextAction` afterwards.
    mutating func bytesReceived(_ bytes: UnsafeRawBufferPointer, now: Int64) {
        guard phase != .closed else { return }
        decoder.append(bytes)
        switch phase {
        case .idle:
            phase = .readingHead(firstByteAt: now)
        case .readingBody:
            phase = .readingBody(lastProgress: now)
        default:
            break
        }
    }

    /// The peer shut down its sending side (read returned 0).
    mutating func peerClosed() {
        peerClosedWrite = true
    }

    /// Decides what to do with the buffered input. Call until it answers `.none`.
    mutating func nextAction(now: Int64) -> Action {
        switch phase {
        case .responding, .closed:
            return .none
        case .idle, .readingHead, .readingBody:
            break
        }
        do {
            while let event = try decoder.next() {
                switch event {
                case .head(let head):
                    phase = .readingBody(lastProgress: now)
                    // RFC 9110 §10.1.1: ask for the body only if none of it has arrived yet.
                    if head.expectsContinue && decoder.bufferedByteCount == 0 {
                        pendingHead = head
                        return .sendContinue
                    }
                    pendingHead = head
                case .end(let body):
                    // Moved out, not copied (a copy retained every field string once more).
                    guard let head = pendingHead.take() else { return reject(.badRequest) }
                    phase = .responding
                    requestCount += 1
                    return .dispatch(head, body: body)
                }
            }
        } catch {
            return reject(error.status)
        }
        // Need more bytes.
        if peerClosedWrite {
            phase = .closed
            return .close
        }
        if decoder.isIdle, case .readingHead = phase {
            phase = .idle(since: now)
        }
        return .none
    }

    private var pendingHead: HTTPRequestHead?

    private mutating func reject(_ status: HTTPStatus) -> Action {
        phase = .closed
        return .reject(status)
    }

    /// The response head is about to be written; `keepAlive` is false when it says `close`.
    mutating func responseStarted(now: Int64) {
        writePending = true
        lastWriteProgress = now
    }

    /// The peer accepted some of our bytes.
    mutating func writeProgressed(now: Int64) {
        lastWriteProgress = now
    }

    /// The whole response was written. Answers `.close` when the connection ends here;
    /// otherwise the caller goes on with `nextAction` (pipelined bytes may be waiting).
    mutating func responseCompleted(keepAlive: Bool, now: Int64) -> Action {
        writePending = false
        guard keepAlive, !shuttingDown, phase == .responding else {
            phase = .closed
            return .close
        }
        phase = decoder.isIdle ? .idle(since: now) : .readingHead(firstByteAt: now)
        return .none
    }

    /// Whether the next response must announce `Connection: close`.
    var mustCloseAfterResponse: Bool { shuttingDown || peerClosedWrite && decoder.isIdle }

    /// Graceful shutdown: idle connections close now, busy ones after their response.
    mutating func beginShutdown() -> Action {
        shuttingDown = true
        switch phase {
        case .idle:
            phase = .closed
            return .close
        case .readingHead, .readingBody, .responding, .closed:
            return .none
        }
    }

    /// Checks every deadline against `now`.
    func expiredAction(now: Int64) -> Action {
        switch phase {
        case .idle(let since):
            let limit = requestCount == 0 ? timeouts.firstRequestMilliseconds : timeouts.idleMilliseconds
            return now - since >= limit ? .close : .none
        case .readingHead(let first):
            return now - first >= timeouts.headMilliseconds ? .reject(.requestTimeout) : .none
        case .readingBody(let last):
            return now - last >= timeouts.bodyProgressMilliseconds ? .reject(.requestTimeout) : .none
        case .responding:
            return writePending && now - lastWriteProgress >= timeouts.writeProgressMilliseconds ? .close : .none
        case .closed:
            return .none
        }
    }

    /// Applies a timer: the action to take, with the phase moved to `.closed` when it ends.
    mutating func tick(now: Int64) -> Action {
        let action = expiredAction(now: now)
        if action != .none { phase = .closed }
        return action
    }
}
