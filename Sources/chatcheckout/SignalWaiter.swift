import Foundation

/// Blocks SIGTERM, SIGINT and SIGHUP in every thread (call before starting any) and
/// receives them synchronously with `sigwait`. SIGPIPE is ignored: a peer that goes away
/// during `sendfile` must not kill the process. SIGXFSZ is ignored too: a write past the
/// file-size limit then fails like one on a full disk (503) instead of killing the process.
struct SignalWaiter {
    private var set = sigset_t()

    /// Set up by `main.swift` before any thread exists, so every thread inherits the mask.
    nonisolated(unsafe) static var service = SignalWaiter()

    static func blockServiceSignals() -> SignalWaiter {
        var waiter = SignalWaiter()
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        sigemptyset(&waiter.set)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&waiter.set, signal) }
        pthread_sigmask(SIG_BLOCK, &waiter.set, nil)
        return waiter
    }

    /// Waits for the next of the blocked signals.
    func wait() -> Int32 {
        var set = self.set
        var received: Int32 = 0
        sigwait(&set, &received)
        return received
    }
}
