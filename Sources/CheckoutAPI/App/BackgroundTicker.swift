import Foundation
import Synchronization

/// Calls `tick` about once a second on a thread of its own until stopped.
final class BackgroundTicker: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let tick: @Sendable (Int) -> Void

    init(tick: @escaping @Sendable (Int) -> Void) {
        self.tick = tick
    }

    func start() {
        let thread = Thread { [self] in
            var count = 0
            while !stopped.load(ordering: .relaxed) {
                tick(count)
                count += 1
                for _ in 0..<10 where !stopped.load(ordering: .relaxed) { usleep(100_000) }
            }
        }
        thread.name = "checkout-ticker"
        thread.stackSize = 1 << 20
        thread.start()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
    }
}
