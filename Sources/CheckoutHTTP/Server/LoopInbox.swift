import CheckoutThreads

/// The only part of an event loop that other threads may touch: its message queue and the
/// eventfd that wakes it. Handler tasks and the server hold this, never the loop itself,
/// so the compiler keeps the loop's connections on the loop's thread.
final class LoopInbox: Sendable {
    private let queue = Locked<[LoopMessage]>([])
    private let wake: EventFD

    init() throws(SystemError) {
        wake = try EventFD()
    }

    /// The eventfd the loop polls.
    var fd: Int32 { wake.fd }

    /// Queues a message for the loop and wakes it (one eventfd write per burst).
    func post(_ message: LoopMessage) {
        let wasEmpty = queue.withLock { queue in
            queue.append(message)
            return queue.count == 1
        }
        if wasEmpty { wake.signal() }
    }

    /// Loop side: resets the eventfd and takes every queued message.
    func take() -> [LoopMessage] {
        wake.drain()
        return queue.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }
}

/// What the server keeps of a started loop: its inbox and its thread.
struct LoopHandle: Sendable {
    let inbox: LoopInbox
    let thread: SystemThread
}
