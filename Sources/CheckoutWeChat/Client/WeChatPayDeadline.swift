import Synchronization

/// Runs `body`, or fails with `onTimeout()` once `timeout` passes, whichever comes first. The
/// deadline is hard: the caller is answered even if the transfer ignores cancellation.
func withWeChatPayDeadline<T: Sendable>(
    _ timeout: Duration, onTimeout: @escaping @Sendable () -> any Error,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let gate = FirstResume<T>()
    return try await withCheckedThrowingContinuation { continuation in
        gate.arm(continuation)
        let work = Task {
            do {
                gate.resume(.success(try await body()))
            } catch {
                gate.resume(.failure(error))
            }
        }
        Task {
            try? await Task.sleep(for: timeout)
            if gate.resume(.failure(onTimeout())) { work.cancel() }
        }
    }
}

/// A continuation resumed by whichever racer comes first.
private final class FirstResume<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)

    func arm(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation.withLock { $0 = continuation }
    }

    /// True when this call resumed it.
    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        guard let pending = continuation.withLock({ $0.take() }) else { return false }
        pending.resume(with: result)
        return true
    }
}
