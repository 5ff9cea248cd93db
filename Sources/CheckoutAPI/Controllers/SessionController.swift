import CheckoutCore
import CheckoutHTTP

/// Shopper sessions: `POST /v1/sessions` logs a shopper in through their chat platform (or the
/// sandbox), `DELETE /v1/sessions/current` revokes the caller's session.
struct SessionController: APIController {
    let context: CommerceContext

    /// `POST /v1/sessions` body: `{platform, code, shop_id?}`.
    struct LoginRequest: Decodable {
        var platform: String
        var code: String
        var shopID: String?

        enum CodingKeys: String, CodingKey {
            case platform, code
            case shopID = "shop_id"
        }
    }

    func addRoutes(to routes: APIRoutes) {
        routes.add(APIOperation(
            .post, "/v1/sessions",
            summary: "Log a shopper in: wechat exchanges the wx.login code at WeChat's code2session, qq the qq.login code at QQ's jscode2session (a QQ openid is another shopper than a WeChat one; in sandbox mode without QQ_* the code is the openid); sandbox (CHECKOUT_SANDBOX=1) takes the code as the openid. Each call makes a new session (an Idempotency-Key is ignored).",
            tag: "Sessions", requestBody: Schema.ref("SessionRequest"),
            answers: [
                .init(201, "The session token (shown once), the user and the expiry.", schema: Schema.ref("Session")),
                .init(401, "The platform refused the login code.", schema: Schema.ref("Error")),
                .init(502, "The platform is unreachable or answered garbage; no session.", schema: Schema.ref("Error")),
                .init(503, "The platform is busy, too slow, or rate-limits logins (then with Retry-After); no session.",
                      schema: Schema.ref("Error")),
                .init(429, "Too many logins from this address (bursts of 100, 20 a second); see Retry-After.",
                      schema: Schema.ref("Error")),
            ])) { request in
            try checkRate(request)
            return try await login(request)
        }
        routes.add(APIOperation(
            .delete, "/v1/sessions/current", summary: "Revoke the caller's session token.", tag: "Sessions",
            auth: [.shopper], answers: [.init(204, "Revoked; the token no longer works.")])) { request in
            let session = try await context.authenticator.requireShopper(request)
            try await context.services.sessions.revoke(session)
            return Response(status: .noContent)
        }
    }

    /// 429 `rate_limited` with `Retry-After` once the caller's address has used its burst.
    func checkRate(_ request: Request) throws {
        let address = request.context.remoteAddress.isEmpty ? "local" : request.context.remoteAddress
        if case .limited(let seconds) = context.loginLimiter.take(address) {
            throw APIError(.rateLimited, "Too many logins from this address; retry in \(seconds) s.",
                           headers: ["Retry-After": String(seconds)])
        }
    }

    func login(_ request: Request) async throws -> Response {
        let body = try request.decode(LoginRequest.self)
        guard let platform = ShopperPlatform(rawValue: body.platform) else {
            throw CheckoutError.invalidRequest("platform must be wechat, qq or sandbox.", param: "platform")
        }
        let code = body.code
        guard (1...128).contains(code.utf8.count), code.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw CheckoutError.invalidRequest("code must be 1 to 128 printable characters.", param: "code")
        }
        if let shopID = body.shopID {
            do {
                _ = try await context.services.catalog.shop(id: shopID)
            } catch let error as CheckoutError where error.code == .notFound {
                throw CheckoutError.invalidRequest("No such shop: \(shopID).", param: "shop_id")
            }
        }
        let openid: String
        switch platform {
        case .sandbox:
            guard context.sandbox else {
                throw CheckoutError.invalidRequest("The sandbox platform is off (CHECKOUT_SANDBOX=1 enables it).",
                                                   param: "platform")
            }
            openid = code
        case .wechat:
            guard let login = context.shopperLogin else {
                throw CheckoutError.invalidRequest("WeChat login is not configured on this server.", param: "platform")
            }
            openid = try await login.openid(forCode: code)
        case .qq:
            if let login = context.qqLogin {
                openid = try await login.openid(forCode: code)
            } else if context.sandbox {
                // Sandbox mode without QQ_*: the code is the QQ openid, as for platform sandbox.
                openid = code
            } else {
                throw CheckoutError.invalidRequest("QQ login is not configured on this server.", param: "platform")
            }
        }
        let creation = try await context.services.sessions.createSession(platform: platform, openid: openid)
        return try .encode(creation, status: .created)
    }
}
