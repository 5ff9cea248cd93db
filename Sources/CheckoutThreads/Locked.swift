import Synchronization
#if CHECKOUT_TSAN
import CLinux
#endif

/// A value behind a `Synchronization.Mutex`: the one lock for small shared state. Every use of
/// `Mutex` goes through this type (`make test` refuses a direct one).
///
/// In normal builds it is the mutex and nothing more (everything inlines). In ThreadSanitizer
/// builds (`make test-tsan` compiles with `-DCHECKOUT_TSAN`) it also tells TSan about the lock:
/// on Linux a contended `Mutex` is handed over inside the kernel (`FUTEX_LOCK_PI` /
/// `FUTEX_UNLOCK_PI` in the uninstrumented Synchronization library), so TSan misses the
/// release -> acquire edge and reports every access inside `withLock` as a race
/// (.ci/tsan-mutex-check.swift). `__tsan_acquire` after taking the lock and `__tsan_release`
/// before giving it up make the edge visible, so a real race on the state (an access outside
/// the lock) is still reported (.ci/tsan-lock-check.sh proves both).
public struct Locked<Value: ~Copyable>: ~Copyable {
    @usableFromInline let mutex: Mutex<Value>
    #if CHECKOUT_TSAN
    /// The address TSan synchronises on: one byte of our own, so it is valid and unique.
    @usableFromInline let token: UnsafeMutableRawPointer
    #endif

    /// A lock around `initialValue`.
    @inlinable
    public init(_ initialValue: consuming sending Value) {
        mutex = Mutex(initialValue)
        #if CHECKOUT_TSAN
        token = .allocate(byteCount: 1, alignment: 1)
        #endif
    }

    #if CHECKOUT_TSAN
    deinit { token.deallocate() }
    #endif

    /// Runs `body` with the value while holding the lock.
    @inlinable @inline(__always)
    public borrowing func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        #if CHECKOUT_TSAN
        let token = self.token
        return try mutex.withLock { (value: inout sending Value) throws(E) -> sending Result in
            __tsan_acquire(token)
            defer { __tsan_release(token) }
            return try body(&value)
        }
        #else
        return try mutex.withLock(body)
        #endif
    }

    /// Runs `body` with the value if the lock is free now; nil, without waiting, if it is held.
    @inlinable @inline(__always)
    public borrowing func withLockIfAvailable<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result? {
        #if CHECKOUT_TSAN
        let token = self.token
        return try mutex.withLockIfAvailable { (value: inout sending Value) throws(E) -> sending Result in
            __tsan_acquire(token)
            defer { __tsan_release(token) }
            return try body(&value)
        }
        #else
        return try mutex.withLockIfAvailable(body)
        #endif
    }
}

extension Locked: @unchecked Sendable where Value: ~Copyable {}
