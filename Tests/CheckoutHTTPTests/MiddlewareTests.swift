@testable import CheckoutHTTP
import Testing

/// Records its name on the way in and out, and tags the request and response.
struct Tagging: Middleware {
    let name: String
    let trace: Trace

    func handle(_ request: Request, next: @Sendable (Request) async throws -> Response) async throws -> Response {
        trace.record("\(name) in")
        var request = request
        request.headers.append("X-Seen", name)
        var response = try await next(request)
        response.headers.append("X-Passed", name)
        trace.record("\(name) out")
        return response
    }
}

@Suite struct MiddlewareTests {
    @Test func routerMiddleware_RunsInOrderAddedAroundTheHandler() async throws {
        let trace = Trace()
        let router = Router()
        router.addMiddleware(Tagging(name: "A", trace: trace))
        router.addMiddleware(Tagging(name: "B", trace: trace))
        router.get("/x") { request in
            trace.record("handler")
            return .text(request.headers.values(for: "X-Seen").joined(separator: ","))
        }
        let response = try await send(router.buildResponder(), .get, "/x")
        #expect(trace.all == ["A in", "B in", "handler", "B out", "A out"])
        #expect(response.text == "A,B")
        #expect(response.headers.values(for: "X-Passed") == ["B", "A"])
    }

    @Test func groupMiddleware_RunsInsideRouterMiddlewareOnlyForItsRoutes() async throws {
        let trace = Trace()
        let router = Router()
        router.addMiddleware(Tagging(name: "global", trace: trace))
        let v1 = router.group("/v1", middleware: [Tagging(name: "v1", trace: trace)])
        v1.group("/admin", middleware: [Tagging(name: "admin", trace: trace)]).get("/shops") { _ in
            trace.record("shops")
            return .text("ok")
        }
        router.get("/healthz") { _ in
            trace.record("health")
            return .text("ok")
        }
        let responder = router.buildResponder()
        _ = try await send(responder, .get, "/v1/admin/shops")
        #expect(trace.all == ["global in", "v1 in", "admin in", "shops", "admin out", "v1 out", "global out"])
        _ = try await send(responder, .get, "/healthz")
        #expect(trace.all.suffix(3) == ["global in", "health", "global out"])
    }

    @Test func middleware_SeesRoutingErrorsAndCanAnswerThem() async throws {
        let router = Router()
        router.addMiddleware(ClosureMiddleware { request, next in
            do {
                return try await next(request)
            } catch let error as RouterError {
                return .text("caught \(error.status.code)", status: error.status)
            }
        })
        router.post("/only-post") { _ in .text("posted") }
        let responder = router.buildResponder()
        #expect(try await send(responder, .get, "/missing").text == "caught 404")
        #expect(try await send(responder, .get, "/only-post").text == "caught 405")
        #expect(try await send(responder, .get, "/bad%zz").text == "caught 400")
    }

    @Test func middleware_SeesMatchedParametersAndRoute() async throws {
        let router = Router()
        router.addMiddleware(ClosureMiddleware { request, next in
            var response = try await next(request)
            response.headers["X-Route"] = request.context.route ?? "-"
            response.headers["X-Id"] = request.parameters["id"] ?? "-"
            return response
        })
        router.get("/v1/orders/{id}") { _ in .text("ok") }
        let responder = router.buildResponder()
        let found = try await send(responder, .get, "/v1/orders/o9")
        #expect(found.headers["X-Route"] == "/v1/orders/{id}")
        #expect(found.headers["X-Id"] == "o9")
    }

    @Test func middleware_CanAnswerWithoutCallingNext() async throws {
        let trace = Trace()
        let router = Router()
        router.addMiddleware(ClosureMiddleware { request, next in
            guard request.headers["Authorization"] != nil else { return .text("denied", status: .unauthorized) }
            return try await next(request)
        })
        router.get("/secret") { _ in
            trace.record("handler")
            return .text("secret")
        }
        let responder = router.buildResponder()
        let denied = try await send(responder, .get, "/secret")
        #expect(denied.status == .unauthorized)
        #expect(trace.all.isEmpty)
        let allowed = try await send(responder, .get, "/secret", headers: ["Authorization": "Bearer t"])
        #expect(allowed.text == "secret")
        #expect(trace.all == ["handler"])
    }

    @Test func middlewareResponder_WrapsAnyResponderInOrder() async throws {
        let trace = Trace()
        let inner = ClosureResponder { request in
            trace.record("inner")
            return .text(request.headers.values(for: "X-Seen").joined(separator: ","))
        }
        let responder = MiddlewareResponder(
            middleware: [Tagging(name: "1", trace: trace), Tagging(name: "2", trace: trace)], responder: inner)
        let response = try await send(responder, .get, "/anything")
        #expect(response.text == "1,2")
        #expect(trace.all == ["1 in", "2 in", "inner", "2 out", "1 out"])
    }

    @Test func middlewareResponder_WithNoMiddleware_CallsResponderDirectly() async throws {
        let responder = MiddlewareResponder(middleware: [], responder: ClosureResponder { _ in .text("direct") })
        #expect(try await send(responder, .get, "/").text == "direct")
    }

    @Test func errorsFromHandlers_PropagateThroughMiddleware() async throws {
        struct Boom: Error {}
        let trace = Trace()
        let router = Router()
        router.addMiddleware(Tagging(name: "A", trace: trace))
        router.get("/boom") { _ in throw Boom() }
        await #expect(throws: Boom.self) { try await send(router.buildResponder(), .get, "/boom") }
        #expect(trace.all == ["A in"])
    }
}
