import CheckoutThreads

/// An action armed on the fake platform: run once, after the platform has acted on the first
/// request `matches` accepts and before the answer leaves.
struct FakeCrashPoint: Sendable {
    let matches: @Sendable (FakeWeChatPay.Received) -> Bool
    let action: @Sendable () async -> Void
}

extension FakeWeChatPay {
    /// Arms `action` for the next request `matches` accepts: the platform handles it (a split is
    /// made, a refund taken) and THEN runs `action` before answering. A test that SIGKILLs the
    /// caller in `action` crashes it exactly between the platform's effect and its answer.
    public func onceHandled(_ matches: @escaping @Sendable (Received) -> Bool,
                            then action: @escaping @Sendable () async -> Void) {
        crashPoints.withLock { $0.append(FakeCrashPoint(matches: matches, action: action)) }
    }

    /// Runs (and disarms) the first armed action matching `received`.
    func runCrashPoint(after received: Received) async {
        let point = crashPoints.withLock { points -> FakeCrashPoint? in
            guard let index = points.firstIndex(where: { $0.matches(received) }) else { return nil }
            return points.remove(at: index)
        }
        await point?.action()
    }
}
