/// Holds a task that others may cancel before it is stored: a cancel that comes first cancels the
/// task the moment it arrives. Used by `withDeadline` to stop its timer when the work wins.
public final class CancelSlot: Sendable {
    private let state = Locked<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))

    public init() {}

    /// Stores `task`, cancelling it at once when `cancel()` already ran.
    public func store(_ task: Task<Void, Never>) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        if cancelled { task.cancel() }
    }

    /// Cancels the stored task, or the one stored later.
    public func cancel() {
        let task = state.withLock { state in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }
}
