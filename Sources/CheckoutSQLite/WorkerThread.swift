#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A joinable pthread running one closure (the writer and the checkpointer are threads, not tasks,
/// so blocking SQLite calls never occupy the Swift concurrency pool).
struct WorkerThread: @unchecked Sendable {
    private final class Start {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private let thread: pthread_t

    /// Starts `body` on a new thread.
    init(_ body: @escaping @Sendable () -> Void) {
        let start = Unmanaged.passRetained(Start(body)).toOpaque()
        var thread = pthread_t()
        let code = pthread_create(&thread, nil, { raw in
            let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
            start.body()
            return nil
        }, start)
        precondition(code == 0, "pthread_create failed: \(code)")
        self.thread = thread
    }

    /// True when called on this thread.
    var isCurrent: Bool { pthread_equal(pthread_self(), thread) != 0 }

    /// Waits for the thread to finish.
    func join() { pthread_join(thread, nil) }

    /// Lets the thread finish on its own (for a close requested from the thread itself).
    func detach() { pthread_detach(thread) }
}
