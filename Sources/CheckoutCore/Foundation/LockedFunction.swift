/// A closure to keep as (part of) a `Mutex`'s value: `Mutex<LockedFunction<F>?>`, never
/// `Mutex<F?>`.
///
/// A function type, or an optional or tuple of one, as the generic value of `Mutex` is
/// re-abstracted on every `withLock`: reading it with `withLock { $0 }` writes it back wrapped
/// in two more thunks, so a hook read N times runs through 2N thunk frames. The order hook
/// overflowed a handler thread's stack after about ten thousand orders (issue 10, found by
/// `make bench-shedding`). A struct is stored as it is, so the closure inside keeps one frame.
public struct LockedFunction<Function: Sendable>: Sendable {
    public let call: Function

    public init(_ call: Function) {
        self.call = call
    }
}
