@testable import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

@Suite struct RouterTests {
    func shopRouter() -> RouterResponder {
        makeShopRouter().buildResponder()
    }

    @Test(arguments: [
        ("/", "root"),
        ("/v1/orders", "list"),
        ("/v1/orders/export", "export"),
        ("/v1/orders/ord_1", "order id=ord_1"),
        ("/v1/orders/export/items", "items id=export"),
        ("/v1/orders/ord_1/items", "items id=ord_1"),
        ("/v1/shops/shop_9/orders/ord_2", "shop-order shop_id=shop_9;id=ord_2"),
        ("/v1/orders/caf%C3%A9", "order id=café"),
        ("/v1/orders/a%20b+c", "order id=a b+c"),
        ("/v1/%6Frders/ord_1", "order id=ord_1"),
        ("/v1/orders/ord_1?expand=items", "order id=ord_1"),
        ("/assets/css/site.css", "asset path=css/site.css"),
        ("/assets/a%20b/c.js", "asset path=a b/c.js"),
        ("/assets/x", "asset path=x"),
        ("/assets", "asset path="),
        ("/assets/", "asset path="),
        ("/files/img/a/b/c.png", "file kind=img;rest=a/b/c.png"),
        ("/files/img", "file kind=img;rest="),
        ("/v1/orders/", "list"),
        ("/v1/orders/ord_1/", "order id=ord_1"),
    ])
    func routeMatches_MostSpecificPatternWithDecodedParameters(target: String, expected: String) async throws {
        let response = try await send(shopRouter(), .get, target)
        #expect(response.status == .ok)
        #expect(response.text == expected)
    }

    @Test(arguments: [
        "/nope", "/v1", "/v1/orders/ord_1/items/extra", "/V1/orders", "/v1//orders", "//",
        "/v1/orders/a%2Fb", "/v1/orders/..", "/v1/orders/%2e%2e", "/v1/orders/.", "*", "",
    ])
    func unknownPath_Throws404(target: String) async throws {
        await #expect(throws: RouterError.notFound) { try await send(shopRouter(), .get, target) }
    }

    @Test(arguments: ["/v1/orders/%zz", "/v1/orders/%4", "/v1/orders/%00", "/v1/orders/%ff", "/assets/%c0%ae"])
    func malformedPath_Throws400(target: String) async throws {
        await #expect(throws: RouterError.invalidPath) { try await send(shopRouter(), .get, target) }
    }

    @Test(arguments: [
        (HTTPMethod.delete, "/v1/orders", "GET, HEAD, POST"),
        (.put, "/v1/orders/ord_1", "DELETE, GET, HEAD"),
        (.get, "/v1/sessions", "POST"),
        (.head, "/v1/sessions", "POST"),
        (.options, "/assets/a.css", "GET, HEAD"),
        (HTTPMethod(rawValue: "BREW"), "/", "GET, HEAD"),
    ])
    func knownPathOtherMethod_Throws405WithSortedAllow(method: HTTPMethod, target: String, allow: String) async throws {
        do {
            _ = try await send(shopRouter(), method, target)
            Issue.record("expected 405")
        } catch let error as RouterError {
            guard case .methodNotAllowed = error else { Issue.record("got \(error)"); return }
            #expect(error.allowHeader == allow)
            let response = PlainTextErrorRenderer().response(for: HTTPServerError(error))
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers["Allow"] == allow)
        }
    }

    @Test func routerErrors_RenderAsPlainTextByDefault_TheServerKnowsNoContract() {
        let response = PlainTextErrorRenderer().response(for: HTTPServerError(RouterError.notFound))
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(response.headers["Allow"] == nil)
        #expect(response.text == "Nothing is served at this path.\n")
        #expect(RouterError.invalidPath.status == .badRequest)
        #expect(RouterError.invalidPath.headers.isEmpty)
    }

    @Test func headRequest_RunsGetHandlerWithMethodHead() async throws {
        let router = Router()
        router.get("/v1/orders/{id}") { request in .text("\(request.method) \(request.parameters["id"]!)") }
        let response = try await send(router.buildResponder(), .head, "/v1/orders/o1")
        #expect(response.text == "HEAD o1")
    }

    @Test func explicitHeadRoute_WinsOverGet() async throws {
        let router = Router()
        router.get("/x", echo("get"))
        router.head("/x", echo("head"))
        let responder = router.buildResponder()
        #expect(try await send(responder, .head, "/x").text == "head")
        #expect(try await send(responder, .get, "/x").text == "get")
    }

    @Test func methodsOnSamePath_KeepTheirOwnParameterNames() async throws {
        let responder = shopRouter()
        #expect(try await send(responder, .get, "/v1/orders/o7").text == "order id=o7")
        #expect(try await send(responder, .delete, "/v1/orders/o7").text == "cancel order_id=o7")
    }

    @Test func matchedRequest_CarriesRoutePattern() async throws {
        let router = Router()
        router.get("/v1/shops/{shop_id}/orders/{id}") { .text($0.context.route ?? "none") }
        #expect(try await send(router.buildResponder(), .get, "/v1/shops/s/orders/o").text == "/v1/shops/{shop_id}/orders/{id}")
    }

    @Test func groups_PrefixTheirRoutesAndNest() async throws {
        let router = Router()
        let v1 = router.group("/v1")
        v1.get("/orders", echo("orders"))
        v1.group("/shops/{shop_id}").get("/products/{id}", echo("product"))
        v1.get("/", echo("v1-root"))
        let responder = router.buildResponder()
        #expect(try await send(responder, .get, "/v1/orders").text == "orders")
        #expect(try await send(responder, .get, "/v1/shops/s1/products/p1").text == "product shop_id=s1;id=p1")
        #expect(try await send(responder, .get, "/v1").text == "v1-root")
        #expect(router.routes.map(\.description) == ["GET /v1/orders", "GET /v1/shops/{shop_id}/products/{id}", "GET /v1"])
        #expect(responder.routes == router.routes)
    }

    struct Orders: RouteCollection {
        func addRoutes(to routes: RouterGroup) {
            routes.get("/{id}", echo("order"))
            routes.post("/", echo("create"))
        }
    }

    @Test func routeCollection_AddsItsRoutesBelowItsPath() async throws {
        let router = Router()
        router.addRoutes(Orders(), atPath: "/v1/orders")
        let responder = router.buildResponder()
        #expect(try await send(responder, .get, "/v1/orders/o1").text == "order id=o1")
        #expect(try await send(responder, .post, "/v1/orders").text == "create")
    }

    @Test func clashes_AreSameMethodAndShapeOnly() {
        let router = Router()
        router.get("/a/{id}", echo(""))
        router.post("/a/{id}", echo(""))
        router.get("/a/{other}", echo(""))
        router.get("/a/literal", echo(""))
        router.get("/b/{rest...}", echo(""))
        router.get("/b/{all...}", echo(""))
        router.get("/c", echo(""))
        router.group("/c").get("/", echo(""))
        #expect(router.clashes() == [
            "GET /a/{other} clashes with GET /a/{id}",
            "GET /b/{all...} clashes with GET /b/{rest...}",
            "GET /c clashes with GET /c",
        ])
    }

    @Test func buildResponder_StopsOnRouteClash() async {
        await #expect(processExitsWith: .failure) {
            let router = Router()
            router.get("/v1/orders/{id}") { _ in .text("a") }
            router.get("/v1/orders/{order_id}") { _ in .text("b") }
            _ = router.buildResponder()
        }
    }

    @Test(arguments: ["orders", "/a/{x...}/b", "/a/{x}/{x}", "/a/b{x}", "/a/{1x}", "/a/{}", "/a/{x", "/a/..", "/a/{x-y}"])
    func invalidPattern_IsRefused(pattern: String) {
        #expect(throws: RoutePattern.Invalid.self) { try RoutePattern.parse(pattern) }
    }

    @Test func pattern_NormalizesSlashesAndErasesNamesInShape() throws {
        let pattern = try RoutePattern.parse("/v1//orders/{id}/")
        #expect(pattern.description == "/v1/orders/{id}")
        #expect(pattern.shape == "/v1/orders/{}")
        #expect(try RoutePattern.parse("/").description == "/")
        #expect(try RoutePattern.parse("/a/{p...}").shape == "/a/{...}")
    }

    @Test func requestPath_RemembersTrailingSlashAndDecodesOnce() throws {
        #expect(try RequestPath.parse("/a/b/") == RequestPath(segments: ["a", "b"], hasTrailingSlash: true))
        #expect(try RequestPath.parse("/") == RequestPath(segments: [], hasTrailingSlash: true))
        #expect(try RequestPath.parse("/%252e%252e") == RequestPath(segments: ["%2e%2e"], hasTrailingSlash: false))
    }
}

/// Inline routes and the static fallback answer without the asynchronous path.
@Suite struct RouterInlineTests {
    @Test func inlineRoute_AnswersSynchronouslyAndAsync() async throws {
        let router = Router()
        router.onInline(.get, "/healthz") { _ in .text("ok") }
        router.get("/async") { _ in .text("async") }
        let responder = router.buildResponder()
        #expect(responder.respondInline(to: Request(method: .get, target: "/healthz"))?.status == .ok)
        #expect(responder.respondInline(to: Request(method: .head, target: "/healthz"))?.status == .ok)
        #expect(responder.respondInline(to: Request(method: .get, target: "/async")) == nil)
        #expect(responder.respondInline(to: Request(method: .post, target: "/healthz")) == nil)
        #expect(try await responder.respond(to: Request(method: .get, target: "/healthz")).status == .ok)
    }

    @Test func inlineAttempt_AnswersOrHandsOnToItsHandler() async throws {
        let router = Router()
        let group = router.group("/v1")
        group.on(.get, "/items/{id}", inline: { request in
            request.parameters["id"] == "7" ? .text("inline 7") : nil
        }) { request in .text("pool \(request.parameters["id"] ?? "-")") }
        router.on(.get, "/fails", inline: { _ in throw RouterError.notFound }) { _ in .text("pool") }
        let responder = router.buildResponder()
        let answered = responder.respondInline(to: Request(method: .get, target: "/v1/items/7"))
        #expect(answered?.text == "inline 7")
        #expect(answered?.route == "/v1/items/{id}")
        #expect(responder.respondInline(to: Request(method: .get, target: "/v1/items/8")) == nil)
        #expect(responder.respondInline(to: Request(method: .get, target: "/fails")) == nil)
        // In process (`respond(to:)`) only the handler runs.
        #expect(try await responder.respond(to: Request(method: .get, target: "/v1/items/7")).text == "pool 7")
        #expect(try await responder.respond(to: Request(method: .get, target: "/fails")).text == "pool")
    }

    @Test func aLiveServer_TellsInlineRoutesWhichLoopReadTheRequest() async throws {
        let router = Router()
        router.on(.get, "/loop", inline: { request in .text(request.context.eventLoop.map(String.init) ?? "none") }) { request in
            .text("pool \(request.context.eventLoop.map(String.init) ?? "none")")
        }
        let text = try await TestServer.with(router.buildResponder(), configure: { $0.eventLoopCount = 1 }) { server in
            try server.connect().request("GET /loop HTTP/1.1\r\nHost: x\r\n\r\n").text
        }
        #expect(text == "0")
        #expect(try await router.buildResponder().respond(to: Request(method: .get, target: "/loop")).text == "pool none")
    }

    @Test func inlineCheck_LeavesItsResolutionForTheAsyncPath_OnlyForTheSameRouterAndPath() async throws {
        let router = Router()
        router.get("/items/{id}") { request in .text("item \(request.parameters["id"] ?? "-")") }
        let responder = router.buildResponder()
        var request = Request(method: .get, target: "/items/7")
        #expect(responder.respondInline(to: &request) == nil)
        #expect(request.parameters["id"] == "7")
        #expect(request.context.route == "/items/{id}")
        #expect(try await responder.respond(to: request).text == "item 7")
        // A path changed after the inline check is resolved again.
        request.path = "/items/8"
        #expect(try await responder.respond(to: request).text == "item 8")
        // Another router never trusts this router's resolution.
        let other = Router()
        other.get("/items/{id}") { _ in .text("other") }
        #expect(try await other.buildResponder().respond(to: request).text == "other")
        // A miss found inline stays a miss (the async path answers it, through middleware).
        var missing = Request(method: .get, target: "/nothing")
        #expect(responder.respondInline(to: &missing) == nil)
        await #expect(throws: RouterError.notFound) { try await responder.respond(to: missing) }
    }

    @Test func unmatchedGet_FallsBackToStaticFilesInline() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("inline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("hello".utf8).write(to: root.appendingPathComponent("a.txt"))
        let router = Router()
        router.setInlineFallback(try StaticFileResponder(root: root.path))
        let responder = router.buildResponder()
        let found = responder.respondInline(to: Request(method: .get, target: "/a.txt"))
        #expect(found?.status == .ok)
        #expect(found?.body.knownLength == 5)
        #expect(responder.respondInline(to: Request(method: .get, target: "/missing.txt")) == nil)
        #expect(responder.respondInline(to: Request(method: .get, target: "/../etc/passwd")) == nil)
    }
}
