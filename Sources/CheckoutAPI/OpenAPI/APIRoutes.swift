import CheckoutHTTP

/// Registers routes together with their OpenAPI descriptions.
public final class APIRoutes {
    let builder: any RouteBuilder
    /// The operations registered so far, in order.
    public private(set) var operations: [APIOperation] = []

    public init(_ builder: any RouteBuilder) {
        self.builder = builder
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

    /// Lets `controller` register its routes.
    public func add(_ controller: some APIController) {
        controller.addRoutes(to: self)
    }
}

/// A resource's routes, each with its description (one controller per resource).
public protocol APIController {
    func addRoutes(to routes: APIRoutes)
}
