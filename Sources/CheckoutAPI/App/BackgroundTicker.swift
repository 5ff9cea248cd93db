import CheckoutThreads
import Dispatch
import Foundation
import Synchronization

/// Runs `tick` about once a second on a thread of its own until stopped, one tick at a time.
/// `stop()` returns once the thread has finished its last tick, so no tick runs after it
/// (the app closes storage right after).
final class BackgroundTicker: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let tick: @Sendable () async -> Void

    init(tick: @escaping @Sendable () async -> Void) {
        self.tick = tick
    }

    /// Starts the thread (once).
    func start() {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        SystemThread(name: "checkout-ticker", stackSize: 1 << 20) { [self] in
            while !stopped.load(ordering: .acquiring) {
                // The tick runs as a task (async work); this thread waits for it to end.
                let done = DispatchSemaphore(value: 0)
                Task { [tick] in
                    await tick()
                    done.signal()
                }
                done.wait()
                for _ in 0..<10 where !stopped.load(ordering: .acquiring) { usleep(100_000) }
            }
            finished.signal()
        }.detach()
    }

    /// Stops ticking and waits for a tick in progress to end.
    func stop() {
        stopped.store(true, ordering: .releasing)
        if started.load(ordering: .acquiring) { finished.wait() }
    }
}
