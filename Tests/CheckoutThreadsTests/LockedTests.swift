import CheckoutThreads
import Testing

/// `Locked`: the value, results and errors pass through; threads contending on it lose nothing.
/// Under `make test-tsan` the contention below is also the in-suite check that ThreadSanitizer
/// sees the lock (a report anywhere fails that run).
@Suite struct LockedTests {
    struct Refused: Error, Equatable {}

    final class Shared: Sendable {
        let counts = Locked<[Int: Int]>([:])
    }

    @Test func withLock_MutatesTheValueAndReturnsTheResult() {
        let locked = Locked([1, 2])
        let count = locked.withLock { value -> Int in
            value.append(3)
            return value.count
        }
        #expect(count == 3)
        #expect(locked.withLock { $0 } == [1, 2, 3])
    }

    @Test func aThrownError_ReachesTheCaller_AndWhatWasWrittenBeforeItStays() {
        let locked = Locked(0)
        #expect(throws: Refused()) {
            try locked.withLock { (value: inout Int) throws(Refused) in
                value = 7
                throw Refused()
            }
        }
        #expect(locked.withLock { $0 } == 7)
    }

    @Test func withLockIfAvailable_RunsWhenFree_AndReturnsNilWhileHeld() {
        let locked = Locked(1)
        #expect(locked.withLockIfAvailable { value -> Int in value += 1; return value } == 2)
        let nested = locked.withLock { _ in locked.withLockIfAvailable { $0 } }
        #expect(nested == nil)
        #expect(locked.withLock { $0 } == 2)
    }

    @Test func fourThreadsContending_LoseNoUpdate() {
        let shared = Shared()
        let threads = (0..<4).map { index in
            SystemThread(name: "locked-\(index)") {
                for round in 0..<10_000 {
                    shared.counts.withLock { $0[round % 8, default: 0] += 1 }
                }
            }
        }
        threads.forEach { $0.join() }
        let counts = shared.counts.withLock { $0 }
        #expect(counts.values.reduce(0, +) == 40_000)
        #expect(counts.values.allSatisfy { $0 == 5_000 })
    }
}
