/// An error that knows the response it becomes. Anything else thrown by a handler is a 500.
public protocol HTTPResponseError: Error {
    var status: HTTPStatus { get }
    func response() -> Response
}

/// The responder seam: a handler, a router, or a router wrapped in middleware.
public protocol HTTPResponder: Sendable {
    func respond(to request: Request) async throws -> Response
}

/// A responder that answers some requests synchronously on the event loop (no task hop):
/// health checks, cached static files. `nil` means "take the asynchronous path".
public protocol InlineResponder: HTTPResponder {
    func respondInline(to request: Request) -> Response?
}

/// A responder made from a closure.
public struct ClosureResponder: HTTPResponder {
    let body: @Sendable (Request) async throws -> Response
    public init(_ body: @escaping @Sendable (Request) async throws -> Response) { self.body = body }
    public func respond(to request: Request) async throws -> Response { try await body(request) }
}
