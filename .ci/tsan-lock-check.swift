// What `Locked` (Sources/CheckoutThreads/Locked.swift) does for ThreadSanitizer; run by
// .ci/tsan-lock-check.sh. Four threads append to one `Locked<[Int]>` 50,000 times each:
//   `locked`  every access inside `withLock`: no report (the lock is annotated for TSan);
//   `outside` the same plus a counter also written outside the lock: the race is reported.
// (.ci/tsan-mutex-check.swift is the same contention on a bare `Mutex`: a false report.)
import Glibc

final class Shared: @unchecked Sendable {
    let state = Locked<[Int]>([])
    var unguarded = 0
}

@main struct TSanLockCheck {
    nonisolated(unsafe) static var shared = Shared()
    nonisolated(unsafe) static var touchOutside = false

    static func main() {
        touchOutside = CommandLine.arguments.dropFirst().first == "outside"
        var threads: [pthread_t] = []
        for _ in 0..<4 {
            var thread = pthread_t()
            pthread_create(&thread, nil, { _ in
                let shared = TSanLockCheck.shared
                for i in 0..<50_000 {
                    shared.state.withLock { $0.append(i); if !TSanLockCheck.touchOutside { shared.unguarded += 1 } }
                    if TSanLockCheck.touchOutside { shared.unguarded += 1 }
                }
                return nil
            }, nil)
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
        print("count", shared.state.withLock { $0.count })
    }
}
