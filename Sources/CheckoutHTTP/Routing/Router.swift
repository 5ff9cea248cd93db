/// The mutable route table, filled at start-up and then frozen by `buildResponder()`.
///
/// ```swift
/// let router = Router()
/// router.addMiddleware(RequestLogMiddleware())
/// router.get("/v1/orders/{id}") { request in ... request.parameters["id"]! ... }
/// let v1 = router.group("/v1", middleware: [AuthMiddleware()])
/// let responder = router.buildResponder()
/// ```
///
/// Paths: see `RequestPath` for decoding; one trailing slash is ignored (`/v1/orders/`
/// matches `/v1/orders`); literal segments win over `{parameters}`, which win over a
/// `{catchAll...}`, with backtracking when a more specific branch finds no route deeper.
/// Not thread-safe: build it on one task, then share only the responder.
public final class Router: RouteBuilder {
    struct Route {
        let method: HTTPMethod
        let pattern: RoutePattern
        let handler: RouteHandler
        var inline: InlineRouteAttempt? = nil
    }

    private(set) var table: [Route] = []
    private var middleware: [any Middleware] = []
    private var inlineFallback: StaticFileResponder?

    public init() {}

    public func on(_ method: HTTPMethod, _ path: String, _ handler: @escaping RouteHandler) {
        add(method, RoutePattern(path), handler)
    }

    func add(_ method: HTTPMethod, _ pattern: RoutePattern, _ handler: @escaping RouteHandler,
             inline: InlineRouteAttempt? = nil) {
        table.append(Route(method: method, pattern: pattern, handler: handler, inline: inline))
    }

    /// Registers a cheap synchronous route that the event loop answers itself, without a
    /// task hop (health checks, redirects). It skips middleware on the loop; through
    /// `respond(to:)` (in-process tests) it runs like any other route.
    public func onInline(_ method: HTTPMethod, _ path: String, _ handler: @escaping InlineRouteHandler) {
        add(method, RoutePattern(path), { request in try handler(request) }, inline: { request in try handler(request) })
    }

    /// Registers a route whose `inline` fast path the event loop tries first; when it answers
    /// nil, or throws, `handler` answers on the handler pool (with middleware). `inline` skips
    /// middleware, so it renders its own errors; through `respond(to:)` only `handler` runs.
    public func on(_ method: HTTPMethod, _ path: String, inline: @escaping InlineRouteAttempt,
                   _ handler: @escaping RouteHandler) {
        add(method, RoutePattern(path), handler, inline: inline)
    }

    /// Static files answered on the loop for GET/HEAD requests that match no route.
    public func setInlineFallback(_ files: StaticFileResponder) {
        inlineFallback = files
    }

    /// Adds router-wide middleware; the first added runs first, around everything else,
    /// for every request including those that end in 404 or 405.
    public func addMiddleware(_ middleware: any Middleware) {
        self.middleware.append(middleware)
    }

    /// A group of routes below `path`, wrapped in `middleware`.
    public func group(_ path: String, middleware: [any Middleware] = []) -> RouterGroup {
        RouterGroup(router: self, prefix: RoutePattern(path), middleware: middleware)
    }

    /// Lets `collection` add its routes below `path`.
    public func addRoutes(_ collection: some RouteCollection, atPath path: String = "/") {
        collection.addRoutes(to: group(path))
    }

    /// Every registered route, in registration order.
    public var routes: [RouteDescription] {
        table.map { RouteDescription(method: $0.method, path: $0.pattern.description) }
    }

    /// Routes with the same method and an equivalent pattern (parameter names ignored).
    func clashes() -> [String] {
        var seen: [String: RoutePattern] = [:]
        var clashes: [String] = []
        for route in table {
            let key = "\(route.method) \(route.pattern.shape)"
            if let first = seen[key] {
                clashes.append("\(route.method) \(route.pattern) clashes with \(route.method) \(first)")
            } else {
                seen[key] = route.pattern
            }
        }
        return clashes
    }

    /// Freezes the table into an immutable, `Sendable` responder.
    ///
    /// A route clash (same method, equivalent pattern) is a programmer error and stops the
    /// program here with a message naming both routes.
    public func buildResponder() -> RouterResponder {
        let clashes = clashes()
        precondition(clashes.isEmpty, "Router: " + clashes.joined(separator: "; "))
        let root = RouteNode.Builder()
        for route in table {
            root.insert(route)
        }
        return RouterResponder(root: root.freeze(), middleware: middleware, routes: routes, inlineFallback: inlineFallback)
    }
}
