import CheckoutHTTP

/// Registers routes together with their OpenAPI descriptions.
public final class APIRoutes {
    let builder: any RouteBuilder
    /// Renders the errors of inline fast paths, which run outside the middleware chain.
    let errors: ErrorMiddleware?
    /// The operations registered so far, in order.
    public private(set) var operations: [APIOperation] = []

    /// - Parameter errors: the error funnel for inline fast paths; without it they decline
    ///   on any error and the asynchronous handler answers.
    public init(_ builder: any RouteBuilder, errors: ErrorMiddleware? = nil) {
        self.builder = builder
        self.errors = errors
    }

    /// Registers `handler` for the operation's method and path, and records its description.
    public func add(_ operation: APIOperation, _ handler: @escaping RouteHandler) {
        builder.on(operation.method, operation.path, handler)
        operations.append(operation)
    }

    /// Registers a cheap synchronous handler that the event loop answers itself (no task
    /// hop, no middleware on the loop), and records its description.
    public func addInline(_ operation: APIOperation, _ handler: @escaping InlineRouteHandler) {
        if let router = builder as? Router {
            router.onInline(operation.method, operation.path, handler)
        } else if let group = builder as? RouterGroup {
            group.onInline(operation.method, operation.path, handler)
        } else {
            builder.on(operation.method, operation.path) { request in try handler(request) }
        }
        operations.append(operation)
    }

    /// Registers `handler` with an inline fast path the event loop tries first (see
    /// `Router.on(_:_:inline:_:)`): `inline` answers now or returns nil; what it throws is
    /// rendered by the error funnel, as `handler`'s errors are.
    public func add(_ operation: APIOperation, inline: @escaping InlineRouteAttempt, _ handler: @escaping RouteHandler) {
        let errors = self.errors
        let attempt: InlineRouteAttempt = { request in
            do {
                return try inline(request)
            } catch {
                guard let errors else { throw error }
                return errors.response(for: error, to: request)
            }
        }
        if let router = builder as? Router {
            router.on(operation.method, operation.path, inline: attempt, handler)
        } else if let group = builder as? RouterGroup {
            group.on(operation.method, operation.path, inline: attempt, handler)
        } else {
            builder.on(operation.method, operation.path, handler)
        }
        operations.append(operation)
    }

    /// Lets `controller` register its routes.
    public func add(_ controller: some APIController) {
        controller.addRoutes(to: self)
    }
}

/// A resource's routes, each with its description (one controller per resource).
public protocol APIController {
    func addRoutes(to routes: APIRoutes)
}
