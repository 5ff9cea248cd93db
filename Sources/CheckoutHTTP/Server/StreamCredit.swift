import CheckoutThreads

/// Flow control between a streamed body's pump task and the event loop that writes it.
///
/// The pump counts the bytes it hands to the loop (`posted`); the loop reports how many of the
/// bytes it received have left for the socket (`consumed`). The pump takes the next chunk from
/// the body only while fewer than `window` bytes are between the two, so a producer faster than
/// the socket is paused (an `AsyncStream` producer then meets its own buffering policy, which
/// is how a live stream learns that its reader stopped), never buffered without bound.
final class StreamCredit: Sendable {
    private struct State {
        var posted = 0
        var consumed = 0
        var closed = false
        var waiter: CheckedContinuation<Bool, Never>?
    }

    /// Bytes the pump may have outstanding (in the inbox or unsent) before it waits.
    let window: Int
    private let state = Locked(State())

    init(window: Int) {
        self.window = window
    }

    /// Pump side: records `count` bytes about to be posted.
    func posting(_ count: Int) {
        state.withLock { $0.posted += count }
    }

    /// Pump side: waits until the outstanding bytes are under the window; `false` once the
    /// connection is gone (stop pumping).
    func waitForRoom() async -> Bool {
        if let ready = state.withLock({ Self.readiness($0, window) }) { return ready }
        return await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool? in
                if let ready = Self.readiness(state, window) { return ready }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private static func readiness(_ state: State, _ window: Int) -> Bool? {
        if state.closed { return false }
        return state.posted - state.consumed < window ? true : nil
    }

    /// Loop side: `consumed` bytes of the stream have been written (or dropped with the
    /// connection); wakes the pump when it is under the window again.
    func consumed(_ consumed: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.consumed = max(state.consumed, consumed)
            guard state.posted - state.consumed < window, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: true)
    }

    /// Loop side: the connection closed; a waiting pump stops.
    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: false)
    }
}
