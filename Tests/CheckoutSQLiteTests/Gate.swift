import Dispatch

/// Blocks a thread until opened; used to hold the writer while jobs queue up behind it.
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    func open() { semaphore.signal() }
    func wait() { semaphore.wait() }
}

/// Waits until `condition` holds, sleeping briefly in between; gives up after about 20 s so a
/// broken behaviour fails the test instead of hanging it. Only the outcome is asserted, never a duration.
func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<20_000 {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 1_000_000)
    }
    return condition()
}
