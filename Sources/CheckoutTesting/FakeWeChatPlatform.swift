import CheckoutHTTP
import Foundation
import CheckoutThreads

/// A local stand-in for WeChat's code2session endpoint, on our own `Server` on an ephemeral
/// port; the login code picks the answer (see `FakeCode2Session`; openids are `openid-<code>`).
public final class FakeWeChatPlatform: Sendable {
    public let appID: String
    public let appSecret: String
    private let server: TestServer
    private let login: FakeCode2Session
    private let stopping = Locked(false)

    public init(appID: String = "wx-test-app", appSecret: String = "test-secret-do-not-log") throws {
        self.appID = appID
        self.appSecret = appSecret
        login = FakeCode2Session(appID: appID, appSecret: appSecret, openidPrefix: "openid-")
        let box = FakeServerBox<FakeWeChatPlatform> { platform, request in try await platform.respond(request) }
        server = try TestServer(responder: box.responder)
        box.attach(self)
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

    func respond(_ request: Request) async throws -> Response {
        guard request.path == "/sns/jscode2session", request.method == .get else {
            return .text("not found", status: .notFound)
        }
        return try await login.answer(request) { self.stopping.withLock { $0 } }
    }
}
