/// Code that runs around a handler: it may change the request, answer on its own, or
/// change or replace the response (logging, auth, errors, files).
public protocol Middleware: Sendable {
    /// Handles `request`, calling `next` at most once to continue down the chain.
    func handle(_ request: Request, next: @Sendable (Request) async throws -> Response) async throws -> Response
}

/// Middleware made from a closure.
public struct ClosureMiddleware: Middleware {
    let body: @Sendable (Request, @Sendable (Request) async throws -> Response) async throws -> Response

    public init(_ body: @escaping @Sendable (Request, @Sendable (Request) async throws -> Response) async throws -> Response) {
        self.body = body
    }

    public func handle(_ request: Request, next: @Sendable (Request) async throws -> Response) async throws -> Response {
        try await body(request, next)
    }
}

/// Any responder wrapped in middleware; the first in the list runs first (outermost).
public struct MiddlewareResponder: HTTPResponder {
    let middleware: [any Middleware]
    let responder: any HTTPResponder

    public init(middleware: [any Middleware], responder: any HTTPResponder) {
        self.middleware = middleware
        self.responder = responder
    }

    public func respond(to request: Request) async throws -> Response {
        let responder = self.responder
        return try await MiddlewareChain.run(middleware, request) { try await responder.respond(to: $0) }
    }
}

/// Runs a list of middleware around a handler without allocating per request: each `next`
/// is a non-escaping closure.
enum MiddlewareChain {
    static func run(_ middleware: [any Middleware], _ request: Request, _ handler: RouteHandler) async throws -> Response {
        try await run(middleware[...], request, handler)
    }

    private static func run(_ middleware: ArraySlice<any Middleware>, _ request: Request, _ handler: RouteHandler) async throws -> Response {
        guard let first = middleware.first else { return try await handler(request) }
        let rest = middleware.dropFirst()
        return try await first.handle(request) { try await run(rest, $0, handler) }
    }

    /// `handler` wrapped once, at registration, in `middleware` (for route groups).
    static func wrap(_ handler: @escaping RouteHandler, in middleware: [any Middleware]) -> RouteHandler {
        guard !middleware.isEmpty else { return handler }
        return { request in try await run(middleware, request, handler) }
    }
}
