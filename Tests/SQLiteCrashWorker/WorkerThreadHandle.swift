#if canImport(Glibc)
import Glibc
#endif

/// A joinable pthread for submitters that block in `writeAndWait`.
struct WorkerThreadHandle: @unchecked Sendable {
    private final class Start {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private let thread: pthread_t

    init(_ body: @escaping @Sendable () -> Void) {
        var thread = pthread_t()
        let start = Unmanaged.passRetained(Start(body)).toOpaque()
        let code = pthread_create(&thread, nil, { raw in
            Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, start)
        precondition(code == 0, "pthread_create failed: \(code)")
        self.thread = thread
    }

    func join() { pthread_join(thread, nil) }
}

/// Writes `message` to stderr (fd 2, unbuffered) and exits with status 1.
func fail(_ message: String) -> Never {
    var line = message + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(1)
}
