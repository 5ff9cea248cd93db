/// Routes registered below a common path prefix, optionally wrapped in group middleware.
///
/// Group middleware runs only for requests that matched one of the group's routes, inside
/// the router-wide middleware, in the order given (outer groups first).
public struct RouterGroup: RouteBuilder {
    let router: Router
    let prefix: RoutePattern
    let middleware: [any Middleware]

    init(router: Router, prefix: RoutePattern, middleware: [any Middleware]) {
        self.router = router
        self.prefix = prefix
        self.middleware = middleware
    }

    public func on(_ method: HTTPMethod, _ path: String, _ handler: @escaping RouteHandler) {
        let pattern = RoutePattern(path).prefixed(by: prefix)
        router.add(method, pattern, MiddlewareChain.wrap(handler, in: middleware))
    }

    /// Registers a synchronous route the event loop answers itself (see `Router.onInline`);
    /// group middleware applies only on the asynchronous path.
    public func onInline(_ method: HTTPMethod, _ path: String, _ handler: @escaping InlineRouteHandler) {
        let pattern = RoutePattern(path).prefixed(by: prefix)
        router.add(method, pattern, MiddlewareChain.wrap({ request in try handler(request) }, in: middleware),
                   inline: { request in try handler(request) })
    }

    /// Registers a route with an inline fast path (see `Router.on(_:_:inline:_:)`); group
    /// middleware applies only to `handler`.
    public func on(_ method: HTTPMethod, _ path: String, inline: @escaping InlineRouteAttempt,
                   _ handler: @escaping RouteHandler) {
        router.add(method, RoutePattern(path).prefixed(by: prefix), MiddlewareChain.wrap(handler, in: middleware), inline: inline)
    }

    /// A nested group: `group("/v1").group("/orders")` registers below `/v1/orders`.
    public func group(_ path: String, middleware: [any Middleware] = []) -> RouterGroup {
        RouterGroup(router: router, prefix: RoutePattern(path).prefixed(by: prefix),
                    middleware: self.middleware + middleware)
    }

    /// Lets `collection` add its routes below `path` of this group.
    public func addRoutes(_ collection: some RouteCollection, atPath path: String = "/") {
        collection.addRoutes(to: group(path))
    }
}
