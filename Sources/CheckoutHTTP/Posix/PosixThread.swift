import CLinux
import Glibc

/// A plain pthread running one closure, joinable. Event loops and the database writer
/// need real threads: their work blocks in `epoll_wait` or `fsync`, never in the
/// cooperative pool.
public final class PosixThread: @unchecked Sendable {
    private var handle = pthread_t()
    private let body: () -> Void

    /// Starts `body` on a new thread named `name` (at most 15 characters show in tools).
    public init(name: String, _ body: @escaping @Sendable () -> Void) {
        self.body = body
        let box = Unmanaged.passRetained(self)
        let rc = pthread_create(&handle, nil, { argument in
            let thread = Unmanaged<PosixThread>.fromOpaque(argument!).takeRetainedValue()
            thread.body()
            return nil
        }, box.toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
        _ = pthread_setname_np(handle, String(name.prefix(15)))
    }

    /// Waits for the thread to finish.
    public func join() {
        _ = pthread_join(handle, nil)
    }
}
