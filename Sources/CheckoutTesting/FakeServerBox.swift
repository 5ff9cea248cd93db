import CheckoutHTTP
import CheckoutThreads

/// Lets a fake platform's server reach the platform, which is created after the server. Held
/// weakly, so the platform's `deinit` can stop its server.
final class FakeServerBox<Platform: AnyObject & Sendable>: Sendable {
    private struct Weak: @unchecked Sendable { weak var value: Platform? }
    private let platform = Locked(Weak())
    private let respond: @Sendable (Platform, Request) async throws -> Response

    init(_ respond: @escaping @Sendable (Platform, Request) async throws -> Response) {
        self.respond = respond
    }

    func attach(_ platform: Platform) { self.platform.withLock { $0.value = platform } }

    /// A responder for the platform's `TestServer`.
    var responder: ClosureResponder {
        ClosureResponder { [self] request in
            guard let platform = platform.withLock({ $0.value }) else { return .text("starting", status: .serviceUnavailable) }
            return try await respond(platform, request)
        }
    }
}
