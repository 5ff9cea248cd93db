import CheckoutThreads

/// Fans a shop's committed events out to its live streams: `order_paid` the moment a payment is
/// published, `counters` on each `tick()` (about every second), a keep-alive comment every 15
/// ticks, and on subscribe the paid orders missed since a `Last-Event-ID` (the last 1,000 at most).
///
/// A stream is an `AsyncStream` of encoded bytes with a bounded buffer: a subscriber that stops
/// reading is finished once `bufferLimit` messages wait, never allowed to grow memory. Holds no
/// thread per subscriber: the server's loop owns idle streams.
public final class LiveStreamHub: Sendable {
    public struct Configuration: Sendable {
        /// Paid orders replayed at most after a reconnect. Default 1,000.
        public var replayLimit = 1_000
        /// Ticks between keep-alive comments. Default 15 (seconds).
        public var keepAliveTicks = 15
        /// Messages a subscriber may leave unread before it is closed. Default 256.
        public var bufferLimit = 256

        public init() {}
    }

    struct Subscriber {
        var continuation: AsyncStream<[UInt8]>.Continuation
        /// Replay is still being read: live paid events wait in `pending`.
        var replaying = true
        var pending: [PaidOrderEvent] = []
        /// The last paid-order sequence this stream sent (or started after).
        var lastSequence: Int64 = 0
        var countersSent = 0
    }

    struct State {
        var windows: [String: LiveWindow] = [:]
        var subscribers: [String: [UInt64: Subscriber]] = [:]
        var nextID: UInt64 = 0
        var ticks = 0
    }

    let store: any ShareStore
    let clock: any Clock
    let configuration: Configuration
    let encode: @Sendable (LiveMessage) -> [UInt8]
    let state = Locked(State())

    /// - Parameters:
    ///   - bus: the events to stream; the hub adds itself as a receiver.
    ///   - encode: renders a message as the bytes of one server-sent event without its `id:` line
    ///     (the hub writes that first). Called once per message, not once per stream.
    public init(store: any ShareStore, bus: any ShareEventBus, clock: any Clock,
                configuration: Configuration = .init(), encode: @escaping @Sendable (LiveMessage) -> [UInt8]) {
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.encode = encode
        bus.addReceiver { [weak self] event in self?.receive(event) }
    }

    /// Open streams, over all shops.
    public var subscriberCount: Int {
        state.withLock { $0.subscribers.values.reduce(0) { $0 + $1.count } }
    }

    /// A new stream of `shopID`'s events: first the paid orders after `lastEventID` (when given),
    /// then counters at once, then live events.
    public func subscribe(shopID: String, lastEventID: String?) async throws -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self,
                                                             bufferingPolicy: .bufferingOldest(configuration.bufferLimit))
        let id = state.withLock { state in
            state.nextID += 1
            state.subscribers[shopID, default: [:]][state.nextID] = Subscriber(continuation: continuation)
            return state.nextID
        }
        continuation.onTermination = { [weak self] _ in self?.remove(shopID: shopID, id: id) }
        do {
            let replay: [PaidOrderEvent]
            let start: Int64
            if let after = LiveMessage.sequence(lastEventID: lastEventID) {
                replay = try await store.paidEvents(shopID: shopID, after: after, limit: configuration.replayLimit)
                start = after
            } else {
                replay = []
                start = try await store.latestPaidSequence(shopID: shopID)
            }
            let today = try await todayCounters(shopID: shopID)
            let closed = state.withLock { state -> Bool in
                guard var subscriber = state.subscribers[shopID]?[id] else { return false }
                subscriber.lastSequence = start
                for event in replay + subscriber.pending where event.sequence > subscriber.lastSequence {
                    guard send(paidBytes(event), to: &subscriber) else { return true }
                    subscriber.lastSequence = event.sequence
                }
                subscriber.pending = []
                subscriber.replaying = false
                let last60s = state.windows[shopID]?.total(at: clock.now()) ?? ShareCounters()
                guard sendCounters(encode(.counters(last60s: last60s, today: today)), to: &subscriber) else { return true }
                state.subscribers[shopID]?[id] = subscriber
                return false
            }
            if closed { continuation.finish() }
        } catch {
            continuation.finish()
            throw error
        }
        return stream
    }

    /// One second's work: counters to every stream (and a keep-alive every `keepAliveTicks`);
    /// forgets idle windows of shops nobody watches.
    public func tick() async {
        let (shops, ticks) = state.withLock { state -> ([String], Int) in
            state.ticks += 1
            let now = clock.now()
            state.windows = state.windows.filter { !$0.value.isIdle(at: now) || state.subscribers[$0.key] != nil }
            return (Array(state.subscribers.keys), state.ticks)
        }
        for shopID in shops {
            guard let today = try? await todayCounters(shopID: shopID) else { continue }
            let last60s = state.withLock { $0.windows[shopID]?.total(at: clock.now()) ?? ShareCounters() }
            // Rendered once for every stream of the shop, outside the lock.
            let counters = encode(.counters(last60s: last60s, today: today))
            let keepAlive = ticks % configuration.keepAliveTicks == 0 ? encode(.keepAlive) : nil
            let closed = state.withLock { state in
                forEachLive(shopID, in: &state) { subscriber in
                    if let keepAlive, !send(keepAlive, to: &subscriber) { return false }
                    return sendCounters(counters, to: &subscriber)
                }
            }
            closed.forEach { $0.finish() }
        }
    }

    /// The shop's counters since the start of its business day.
    func todayCounters(shopID: String) async throws -> ShareCounters {
        let now = clock.now()
        let hours = StatsHour.of(StatsHour.startOfDay(now))...StatsHour.of(now)
        return try await store.stats(shopID: shopID, by: .hour, hours: hours).reduce(ShareCounters()) { $0 + $1.counters }
    }

    /// Files the event in the shop's last-60-seconds window at the moment it arrives here (the
    /// window's clock: an event's own time may come from elsewhere, e.g. a payment platform's
    /// `success_time`), and fans a paid order out to the shop's streams, rendered once.
    func receive(_ event: ShareEvent) {
        let (_, delta) = event.delta
        let now = clock.now()
        var paidEvent: (event: PaidOrderEvent, bytes: [UInt8])?
        if case .paid(let paid) = event { paidEvent = (paid, paidBytes(paid)) }
        let closed = state.withLock { state -> [AsyncStream<[UInt8]>.Continuation] in
            state.windows[event.shopID, default: LiveWindow()].record(delta, at: now)
            guard let (paid, bytes) = paidEvent else { return [] }
            return forEachLive(paid.shopID, in: &state, includeReplaying: true) { subscriber in
                if subscriber.replaying {
                    subscriber.pending.append(paid)
                    return true
                }
                guard paid.sequence > subscriber.lastSequence else { return true }
                subscriber.lastSequence = paid.sequence
                return send(bytes, to: &subscriber)
            }
        }
        closed.forEach { $0.finish() }
    }

    /// A paid order's event with its id line (its sequence).
    private func paidBytes(_ event: PaidOrderEvent) -> [UInt8] {
        LiveMessage.idLine(String(event.sequence)) + encode(.orderPaid(event))
    }

    /// Runs `body` on each subscriber of the shop; one it answers false for is dropped, and its
    /// continuation returned to be finished once the lock is released (finishing calls back).
    private func forEachLive(_ shopID: String, in state: inout State, includeReplaying: Bool = false,
                             _ body: (inout Subscriber) -> Bool) -> [AsyncStream<[UInt8]>.Continuation] {
        guard var subscribers = state.subscribers[shopID] else { return [] }
        var closed: [AsyncStream<[UInt8]>.Continuation] = []
        for (id, var subscriber) in subscribers where includeReplaying || !subscriber.replaying {
            if body(&subscriber) {
                subscribers[id] = subscriber
            } else {
                closed.append(subscriber.continuation)
                subscribers[id] = nil
            }
        }
        state.subscribers[shopID] = subscribers.isEmpty ? nil : subscribers
        return closed
    }

    /// Queues a rendered counters event behind this stream's own id.
    private func sendCounters(_ counters: [UInt8], to subscriber: inout Subscriber) -> Bool {
        subscriber.countersSent += 1
        return send(LiveMessage.idLine("\(subscriber.lastSequence)-\(subscriber.countersSent)") + counters, to: &subscriber)
    }

    /// Queues one rendered message; false when the subscriber's buffer is full (it must be closed).
    private func send(_ bytes: [UInt8], to subscriber: inout Subscriber) -> Bool {
        switch subscriber.continuation.yield(bytes) {
        case .enqueued: return true
        case .dropped, .terminated: return false
        @unknown default: return false
        }
    }

    private func remove(shopID: String, id: UInt64) {
        state.withLock { state in
            state.subscribers[shopID]?[id] = nil
            if state.subscribers[shopID]?.isEmpty == true { state.subscribers[shopID] = nil }
        }
    }
}
