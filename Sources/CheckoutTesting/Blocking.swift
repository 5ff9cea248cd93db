import CheckoutThreads

/// Runs blocking test code (socket reads, sleeps, child processes) on a thread of its own,
/// so that it never starves the cooperative pool that the server's handlers run on.
public enum Blocking {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await SystemThread.run(name: "test-blocking", body)
    }
}
