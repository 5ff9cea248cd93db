/// What a route runs: takes the request (with `parameters` filled in) and returns a response.
public typealias RouteHandler = @Sendable (Request) async throws -> Response

/// A synchronous handler cheap enough to run on the event loop itself.
public typealias InlineRouteHandler = @Sendable (Request) throws -> Response

/// A route's fast path on the event loop: an answer now, or nil to take the route's
/// asynchronous handler instead (the work would wait, or needs what only that path has).
public typealias InlineRouteAttempt = @Sendable (Request) throws -> Response?

/// Something routes can be registered on: the `Router` itself or a `RouterGroup`.
public protocol RouteBuilder {
    /// Registers `handler` for `method` on `path` (`/v1/orders/{id}`, `/assets/{path...}`).
    func on(_ method: HTTPMethod, _ path: String, _ handler: @escaping RouteHandler)
}

extension RouteBuilder {
    /// Registers a GET route; HEAD requests to `path` run it too (the server drops the body).
    public func get(_ path: String, _ handler: @escaping RouteHandler) { on(.get, path, handler) }
    /// Registers a POST route.
    public func post(_ path: String, _ handler: @escaping RouteHandler) { on(.post, path, handler) }
    /// Registers a PUT route.
    public func put(_ path: String, _ handler: @escaping RouteHandler) { on(.put, path, handler) }
    /// Registers a PATCH route.
    public func patch(_ path: String, _ handler: @escaping RouteHandler) { on(.patch, path, handler) }
    /// Registers a DELETE route.
    public func delete(_ path: String, _ handler: @escaping RouteHandler) { on(.delete, path, handler) }
    /// Registers an explicit HEAD route, which then wins over the GET route's handler.
    public func head(_ path: String, _ handler: @escaping RouteHandler) { on(.head, path, handler) }
}

/// A set of routes registered together, such as one controller per resource.
public protocol RouteCollection {
    /// Adds this collection's routes to `routes`.
    func addRoutes(to routes: RouterGroup)
}

/// A registered route as listed by `Router.routes` and `RouterResponder.routes`.
public struct RouteDescription: Hashable, Sendable, CustomStringConvertible {
    public let method: HTTPMethod
    /// The normalized pattern, e.g. `/v1/orders/{id}`.
    public let path: String

    public var description: String { "\(method) \(path)" }
}
