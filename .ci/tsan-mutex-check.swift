// Shows that ThreadSanitizer cannot see Synchronization.Mutex on Linux (the reason for `Locked`):
// `swiftc -sanitize=thread .ci/tsan-mutex-check.swift -o /tmp/mx && /tmp/mx` prints
// "count 40000" (every append happened under the lock) and a "Swift access race" report.
import Synchronization
import Glibc

final class Box: Sendable {
    let state = Mutex<[Int]>([])
}
let box = Box()
var threads: [pthread_t] = []
for _ in 0..<2 {
    var t = pthread_t()
    pthread_create(&t, nil, { _ in
        for i in 0..<20_000 { box.state.withLock { $0.append(i) } }
        return nil
    }, nil)
    threads.append(t)
}
for t in threads { pthread_join(t, nil) }
print("count", box.state.withLock { $0.count })
