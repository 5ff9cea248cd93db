import CheckoutCrypto
import CheckoutHTTP
import CheckoutQQ
import CheckoutWeChat
import Foundation
import CheckoutThreads

/// A local QQ open platform on our own `Server` (ephemeral port): `jscode2session` (see
/// `FakeCode2Session`; openids are `qq-openid-<code>`), `api/getToken` issuing a new token on
/// every call (the previous one stays valid for an overlap of one rotation), and the WeChat Pay
/// H5 forwarder, which checks the token and forwards the order to a `FakeWeChatPay`, keeping
/// `real_notify_url` so `forwardNotification` can deliver WeChat Pay's notification the way QQ does.
public final class FakeQQPlatform: Sendable {
    /// How the fake forwarder behaves where QQ's documentation is silent.
    public struct Forwarding: Sendable {
        /// Forward to WeChat Pay with WeChat's own target (`/v3/pay/transactions/h5`), else with ours.
        public var rewritesTarget = true
        /// Pass WeChat Pay's `Wechatpay-*` answer headers back.
        public var keepsSignatureHeaders = true
        public init() {}
    }

    public let appID: String
    public let appSecret: String
    let login: FakeCode2Session
    let wechatPay: FakeWeChatPay?
    let server: TestServer
    let state = Locked<State>(State())

    struct State {
        var tokens: [String] = []
        var valid: Set<String> = []
        var forwarding = Forwarding()
        var notifyURLs: [String: String] = [:]
        var down = false
        /// Keeps the port refused once down.
        var reservation: PortReservation?
        var stopping = false
    }

    /// - Parameter wechatPay: where the forwarder sends H5 orders (nil: the forwarder answers 404).
    public init(appID: String = "1110000000", appSecret: String = "qq-secret-do-not-log", wechatPay: FakeWeChatPay? = nil) throws {
        self.appID = appID
        self.appSecret = appSecret
        self.wechatPay = wechatPay
        login = FakeCode2Session(appID: appID, appSecret: appSecret, openidPrefix: "qq-openid-")
        let box = FakeServerBox<FakeQQPlatform> { platform, request in try await platform.respond(request) }
        server = try TestServer(responder: box.responder)
        box.attach(self)
    }

    /// `http://127.0.0.1:<port>`: the `QQ_API_BASE` to use.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    public var receivedCodes: [String] { login.receivedCodes }

    /// Every token issued, oldest first.
    public var issuedTokens: [String] { state.withLock { $0.tokens } }

    public func setForwarding(_ forwarding: Forwarding) { state.withLock { $0.forwarding = forwarding } }

    /// Invalidates every token issued so far (as if QQ rotated the secret).
    public func revokeTokens() { state.withLock { $0.valid.removeAll() } }

    /// The `real_notify_url` given with the H5 order of `outTradeNo`.
    public func realNotifyURL(_ outTradeNo: String) -> String? { state.withLock { $0.notifyURLs[outTradeNo] } }

    /// Closes the port for good (the platform is down).
    public func setDown() {
        server.server.shutdown()
        let reservation = PortReservation(port: server.port)
        state.withLock {
            $0.down = true
            $0.reservation = reservation
        }
    }

    public func stop() {
        state.withLock { $0.stopping = true }
        server.server.shutdown()
    }

    deinit { stop() }

    func respond(_ request: Request) async throws -> Response {
        switch (request.method, request.path) {
        case (.get, "/sns/jscode2session"):
            return try await login.answer(request) { self.state.withLock { $0.stopping } }
        case (.get, "/api/getToken"):
            return token(request)
        case (.post, QQWeChatPayForwarding.forwarderPath):
            return await forward(request)
        default:
            return .text("not found", status: .notFound)
        }
    }

    private func token(_ request: Request) -> Response {
        let query = request.queryItems
        guard query["appid"] == appID, query["secret"] == appSecret, query["grant_type"] == "client_credential" else {
            return FakeCode2Session.json(#"{"errcode":40013,"errmsg":"invalid appid"}"#)
        }
        let token = "qqtok-" + SecureRandom.alphanumeric(count: 24)
        state.withLock { state in
            // A new token; the one before stays valid for the overlap, older ones end.
            if let previous = state.tokens.last, state.valid.contains(previous) { state.valid = [previous] } else { state.valid = [] }
            state.valid.insert(token)
            state.tokens.append(token)
        }
        return FakeCode2Session.json(#"{"errcode":0,"errmsg":"","access_token":"\#(token)","expires_in":7200}"#)
    }

    private func forward(_ request: Request) async -> Response {
        let query = request.queryItems
        let (valid, forwarding) = state.withLock { ($0.valid.contains(query["access_token"] ?? ""), $0.forwarding) }
        guard query["appid"] == appID, valid else {
            return FakeCode2Session.json(#"{"errcode":40001,"errmsg":"invalid credential, access_token is invalid"}"#)
        }
        guard let wechatPay, let notify = query["real_notify_url"], notify.hasPrefix("http") else {
            return FakeCode2Session.json(#"{"errcode":40002,"errmsg":"invalid real_notify_url"}"#)
        }
        let target = forwarding.rewritesTarget ? QQWeChatPayForwarding.wechatPath : request.target
        let client = BlockingHTTPClient(tls: nil, timeout: .seconds(10))
        guard let url = URL(string: wechatPay.baseURL + target),
              let answer = try? await client.send(method: "POST", url: url, headers: [
                  ("Authorization", request.headers["Authorization"] ?? ""), ("Content-Type", "application/json"),
              ], body: request.body) else {
            return FakeCode2Session.json(#"{"errcode":-1,"errmsg":"system error"}"#)
        }
        if let order = try? JSONDecoder().decode(WeChatPayH5Prepay.self, from: Data(request.body)) {
            state.withLock { $0.notifyURLs[order.outTradeNo] = notify }
        }
        var response = Response(status: HTTPStatus(code: answer.status), body: .bytes(answer.body))
        response.headers.append("Content-Type", "application/json")
        for field in answer.headers where field.name.lowercased().hasPrefix("wechatpay-") && forwarding.keepsSignatureHeaders {
            response.headers.append(field.name, field.value)
        }
        return response
    }
}
