import CheckoutHTTP
import Foundation
import Synchronization

/// A local stand-in for WeChat's code2session endpoint, on our own `Server` on an ephemeral
/// port; the login code picks the answer (see `FakeCode2Session`; openids are `openid-<code>`).
public final class FakeWeChatPlatform: Sendable {
    public let appID: String
    public let appSecret: String
    private let server: TestServer
    private let login: FakeCode2Session
    private let stopping = Mutex(false)

    public init(appID: String = "wx-test-app", appSecret: String = "test-secret-do-not-log") throws {
        self.appID = appID
        self.appSecret = appSecret
        login = FakeCode2Session(appID: appID, appSecret: appSecret, openidPrefix: "openid-")
        let box = ResponderBox()
        server = try TestServer(responder: ClosureResponder { request in try await box.respond(request) })
        box.platform.withLock { $0.value = self }
    }

    /// `http://127.0.0.1:<port>`: the `WECHAT_API_BASE` to use.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// A base URL where nothing listens (connection refused).
    public static func unreachableBaseURL() -> String { "http://127.0.0.1:\(ServiceProcess.freePort())" }

    /// The login codes received so far.
    public var receivedCodes: [String] { login.receivedCodes }

    /// Releases held requests and stops the server.
    public func stop() {
        stopping.withLock { $0 = true }
        server.server.shutdown()
    }

    deinit { stop() }

    fileprivate func respond(_ request: Request) async throws -> Response {
        guard request.path == "/sns/jscode2session", request.method == .get else {
            return .text("not found", status: .notFound)
        }
        return try await login.answer(request) { self.stopping.withLock { $0 } }
    }
}

/// Lets the responder reach the platform created after it.
private final class ResponderBox: Sendable {
    struct Weak { weak var value: FakeWeChatPlatform? }
    let platform = Mutex(Weak())

    func respond(_ request: Request) async throws -> Response {
        guard let platform = platform.withLock({ $0.value }) else { return .text("starting", status: .serviceUnavailable) }
        return try await platform.respond(request)
    }
}
