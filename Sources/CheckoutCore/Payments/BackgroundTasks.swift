import CheckoutThreads

/// Follow-up work started after a response (refund submissions, reconciliation), tracked so
/// tests and shutdown can wait for it.
final class BackgroundTasks: Sendable {
    private let state = Locked<(next: Int, tasks: [Int: Task<Void, Never>])>((0, [:]))

    /// Starts `work` as a task of its own.
    func spawn(_ work: @escaping @Sendable () async -> Void) {
        state.withLock { state in
            let key = state.next
            state.next += 1
            state.tasks[key] = Task { [weak self] in
                await work()
                self?.finish(key)
            }
        }
    }

    /// Waits until every task started so far (and any they started) has finished.
    func waitForAll() async {
        while let task = state.withLock({ $0.tasks.values.first }) {
            await task.value
            // A finished task may still be listed for a moment: drop it here too.
            state.withLock { state in
                if let key = state.tasks.first(where: { $0.value == task })?.key { state.tasks[key] = nil }
            }
        }
    }

    private func finish(_ key: Int) {
        state.withLock { _ = $0.tasks.removeValue(forKey: key) }
    }
}
