import CheckoutAPI
import CheckoutCore
import CheckoutHTTP
import CheckoutTesting
import Testing

/// Bearer tokens: admin, shop keys and sessions; 401 versus 403.
@Suite struct AuthenticatorTests {
    static let shop = Shop(id: "shop_A", name: "A", currency: .cny, createdAt: Timestamp(seconds: 0))
    static let session = ShopperSession(
        tokenHash: "h", user: User(id: "usr_1", platform: .sandbox, openid: "o", createdAt: Timestamp(seconds: 0)),
        expiresAt: Timestamp(seconds: 100))
    static let adminToken = "admin-token-0123456789abcdef"

    struct FakeResolver: CallerResolver {
        func shop(secretKey: String) async throws -> Shop? { secretKey == "sk_good" ? AuthenticatorTests.shop : nil }
        func session(token: String) async throws -> ShopperSession? { token == "sess_good" ? AuthenticatorTests.session : nil }
    }

    static func client(adminToken: String? = adminToken) -> InProcessClient {
        let auth = Authenticator(adminToken: adminToken, resolver: FakeResolver())
        let router = Router()
        router.addMiddleware(ErrorMiddleware(logger: LogCapture().logger))
        router.get("/shop") { request in .text(try await auth.requireShop(request).id) }
        router.get("/admin") { request in
            try await auth.requireAdmin(request)
            return .text("admin")
        }
        router.get("/shopper") { request in .text(try await auth.requireShopper(request).user.id) }
        router.get("/either") { request in .text(try await auth.require(request, [.shop, .shopper]).idempotencyScope) }
        return InProcessClient(responder: router.buildResponder())
    }

    func get(_ path: String, _ authorization: String?, admin: String? = adminToken) async throws -> TestResponse {
        try await Self.client(adminToken: admin).get(path, headers: authorization.map { ["Authorization": $0] } ?? [:])
    }

    @Test func missingToken_Is401WithBearerChallenge() async throws {
        let response = try await get("/shop", nil)
        #expect(response.status == 401)
        #expect(response.errorCode == "unauthenticated")
        #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
    }

    @Test(arguments: ["Basic dXNlcjpwYXNz", "Bearer", "Bearer sk_bad", "Bearer sess_bad", "Bearer a b", "Bearer tok\u{7F}en",
                      "Bearer wrong-admin-token"])
    func malformedOrUnknownToken_Is401(authorization: String) async throws {
        let response = try await get("/either", authorization)
        #expect(response.status == 401)
        #expect(response.errorCode == "unauthenticated")
    }

    @Test func shopKey_OnShopRoute_ResolvesTheShop() async throws {
        let response = try await get("/shop", "Bearer sk_good")
        #expect(response.status == 200)
        #expect(response.text == "shop_A")
        #expect(try await get("/shop", "bearer   sk_good").text == "shop_A")
    }

    @Test func sessionToken_OnShopRoute_Is403() async throws {
        let response = try await get("/shop", "Bearer sess_good")
        #expect(response.status == 403)
        #expect(response.errorCode == "forbidden")
    }

    @Test func shopKey_OnAdminOrShopperRoute_Is403() async throws {
        #expect(try await get("/admin", "Bearer sk_good").status == 403)
        #expect(try await get("/shopper", "Bearer sk_good").status == 403)
    }

    @Test func adminToken_OnAdminRoute_Passes_AndOnShopRoute_Is403() async throws {
        #expect(try await get("/admin", "Bearer \(Self.adminToken)").status == 200)
        #expect(try await get("/shop", "Bearer \(Self.adminToken)").status == 403)
    }

    @Test func noAdminTokenConfigured_AdminRouteIs401ForAnyToken() async throws {
        let response = try await get("/admin", "Bearer \(Self.adminToken)", admin: nil)
        #expect(response.status == 401)
        #expect(try await get("/admin", "Bearer ", admin: nil).status == 401)
    }

    @Test func scopes_SeparateCallers() async throws {
        #expect(try await get("/either", "Bearer sk_good").text == "shop:shop_A")
        #expect(try await get("/either", "Bearer sess_good").text == "user:usr_1")
    }

    @Test func twoAuthorizationHeaders_Are401() async throws {
        let router = Router()
        let auth = Authenticator(adminToken: nil, resolver: FakeResolver())
        router.addMiddleware(ErrorMiddleware(logger: LogCapture().logger))
        router.get("/shop") { request in .text(try await auth.requireShop(request).id) }
        var request = Request(method: .get, target: "/shop", headers: [("Authorization", "Bearer sk_good")].reduce(into: HTTPFields()) { $0.append($1.0, $1.1) })
        request.headers.append("Authorization", "Bearer sk_good")
        let response = try await router.buildResponder().respond(to: request)
        #expect(response.status == .unauthorized)
    }
}
