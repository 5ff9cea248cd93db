import CheckoutHTTP
import CheckoutThreads

/// The `jscode2session` endpoint as WeChat and QQ both answer it, for the fake platforms. The
/// login code picks the answer:
/// - `slow…`: holds the request until `stopping()` is true (past any client timeout);
/// - `busy…`: `{"errcode":-1}` (platform busy); `limited…`: `{"errcode":45011}` (rate limit);
/// - `invalid…`: `{"errcode":40029,"errmsg":"invalid code"}`;
/// - `garbage…`: a 200 that is not JSON; `http500…`: a 500;
/// - a code used before: `{"errcode":40163,"errmsg":"code been used"}`;
/// - anything else: `{"openid":"<openidPrefix><code>","session_key":…}`.
/// A wrong `appid` or `secret` is `{"errcode":40013}`.
final class FakeCode2Session: Sendable {
    let appID: String
    let appSecret: String
    let openidPrefix: String
    private let used = Locked<(codes: [String], seen: Set<String>)>(([], []))

    init(appID: String, appSecret: String, openidPrefix: String) {
        self.appID = appID
        self.appSecret = appSecret
        self.openidPrefix = openidPrefix
    }

    /// The codes received so far.
    var receivedCodes: [String] { used.withLock { $0.codes } }

    func answer(_ request: Request, stopping: @Sendable () -> Bool) async throws -> Response {
        let query = request.queryItems
        let code = query["js_code"] ?? ""
        let reused = used.withLock { state -> Bool in
            state.codes.append(code)
            return !state.seen.insert(code).inserted
        }
        guard query["appid"] == appID, query["secret"] == appSecret, query["grant_type"] == "authorization_code" else {
            return Self.json(#"{"errcode":40013,"errmsg":"invalid appid"}"#)
        }
        if code.hasPrefix("slow") {
            for _ in 0..<3000 where !stopping() { try await Task.sleep(for: .milliseconds(10)) }
        }
        if code.hasPrefix("busy") { return Self.json(#"{"errcode":-1,"errmsg":"system error"}"#) }
        if code.hasPrefix("limited") { return Self.json(#"{"errcode":45011,"errmsg":"api minute-quota reach limit"}"#) }
        if code.hasPrefix("invalid") { return Self.json(#"{"errcode":40029,"errmsg":"invalid code"}"#) }
        if code.hasPrefix("garbage") { return .text("<html>gateway</html>", contentType: "text/html") }
        if code.hasPrefix("http500") { return .text("oops", status: .internalServerError) }
        if reused && !code.hasPrefix("reusable") { return Self.json(#"{"errcode":40163,"errmsg":"code been used"}"#) }
        // The real platforms answer text/plain with a JSON body.
        return .text(#"{"openid":"\#(openidPrefix)\#(code)","session_key":"c2Vzc2lvbg=="}"#)
    }

    static func json(_ text: String) -> Response { .text(text, contentType: "text/plain") }
}
