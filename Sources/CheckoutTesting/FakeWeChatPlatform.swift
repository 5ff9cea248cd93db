import CheckoutHTTP
import Foundation
import Synchronization

/// A local stand-in for WeChat's code2session endpoint, on our own `Server` on an ephemeral
/// port. The login code picks the answer:
/// - `slow…`: holds the request until `stop()` (past any client timeout);
/// - `busy…`: `{"errcode":-1}` (platform busy);
/// - `invalid…`: `{"errcode":40029,"errmsg":"invalid code"}`;
/// - `garbage…`: a 200 that is not JSON; `http500…`: a 500;
/// - anything else: `{"openid":"openid-<code>","session_key":…}`.
/// A wrong `appid` or `secret` is `{"errcode":40013}`.
public final class FakeWeChatPlatform: Sendable {
    public let appID: String
    public let appSecret: String
    private let server: TestServer
    private let state = Mutex(State())

    private struct State {
        var codes: [String] = []
        var stopping = false
    }

    public init(appID: String = "wx-test-app", appSecret: String = "test-secret-do-not-log") throws {
        self.appID = appID
        self.appSecret = appSecret
        let box = ResponderBox()
        server = try TestServer(responder: ClosureResponder { request in try await box.respond(request) })
        box.platform.withLock { $0.value = self }
    }

    /// `http://127.0.0.1:<port>`: the `WECHAT_API_BASE` to use.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// A base URL where nothing listens (connection refused).
    public static func unreachableBaseURL() -> String { "http://127.0.0.1:\(ServiceProcess.freePort())" }

    /// The login codes received so far.
    public var receivedCodes: [String] { state.withLock { $0.codes } }

    /// Releases held requests and stops the server.
    public func stop() {
        state.withLock { $0.stopping = true }
        server.server.shutdown()
    }

    deinit { stop() }

    fileprivate func respond(_ request: Request) async throws -> Response {
        guard request.path == "/sns/jscode2session", request.method == .get else {
            return .text("not found", status: .notFound)
        }
        let query = request.queryItems
        let code = query["js_code"] ?? ""
        state.withLock { $0.codes.append(code) }
        guard query["appid"] == appID, query["secret"] == appSecret, query["grant_type"] == "authorization_code" else {
            return Self.json(#"{"errcode":40013,"errmsg":"invalid appid"}"#)
        }
        if code.hasPrefix("slow") {
            for _ in 0..<3000 where !state.withLock({ $0.stopping }) {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        if code.hasPrefix("busy") { return Self.json(#"{"errcode":-1,"errmsg":"system error"}"#) }
        if code.hasPrefix("invalid") { return Self.json(#"{"errcode":40029,"errmsg":"invalid code"}"#) }
        if code.hasPrefix("garbage") { return .text("<html>gateway</html>", contentType: "text/html") }
        if code.hasPrefix("http500") { return .text("oops", status: .internalServerError) }
        // The real platform answers text/plain with a JSON body.
        return .text(#"{"openid":"openid-\#(code)","session_key":"c2Vzc2lvbg=="}"#)
    }

    private static func json(_ text: String) -> Response { .text(text, contentType: "text/plain") }
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
