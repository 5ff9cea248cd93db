import CLinux
import Glibc

/// A POSIX thread running one closure: the one thread type of the product. Event loops, the
/// database writer, handler pools and tickers need real threads, because their work blocks (in
/// `epoll_wait`, `fsync`, a socket read) and must never occupy the cooperative pool.
public final class SystemThread: @unchecked Sendable {
    private var handle = pthread_t()
    private var body: (@Sendable () -> Void)?

    /// Starts `body` on a new joinable thread.
    /// - Parameters:
    ///   - name: shown by `top -H` and debuggers (the first 15 characters).
    ///   - stackSize: bytes of stack, or nil for the system default (8 MiB on Linux).
    public init(name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        self.body = body
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackSize { pthread_attr_setstacksize(&attributes, max(stackSize, 1 << 16)) }
        let box = Unmanaged.passRetained(self)
        let rc = pthread_create(&handle, &attributes, { argument in
            let thread = Unmanaged<SystemThread>.fromOpaque(argument!).takeRetainedValue()
            let body = thread.body
            thread.body = nil
            body?()
            return nil
        }, box.toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
        _ = pthread_setname_np(handle, String(name.prefix(15)))
    }

    /// True when called on this thread.
    public var isCurrent: Bool { pthread_equal(pthread_self(), handle) != 0 }

    /// Waits for the thread to finish. Call once, and not from the thread itself.
    public func join() {
        _ = pthread_join(handle, nil)
    }

    /// Lets the thread finish on its own (for a stop requested from the thread itself).
    public func detach() {
        _ = pthread_detach(handle)
    }

    /// Runs blocking `body` on a detached thread of its own and returns its result, so that
    /// blocking work (a socket read, a child process) never starves the cooperative pool.
    public static func run<T: Sendable>(name: String, stackSize: Int? = 1 << 20,
                                        _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            SystemThread(name: name, stackSize: stackSize) {
                continuation.resume(with: Result { try body() })
            }.detach()
        }
    }
}
