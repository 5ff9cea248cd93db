/// An error that knows its status (and any headers it needs, such as `Allow`). How its body
/// looks is not its business: the app's error funnel, or the server's `HTTPErrorRenderer`
/// when nothing above caught it, renders it. Anything else thrown by a handler is a 500.
public protocol HTTPResponseError: Error {
    var status: HTTPStatus { get }
    /// Headers the answer must carry (`Allow` on a 405, `Retry-After` on a 503); none by default.
    var headers: HTTPFields { get }
    /// A short, fixed, human-readable message without request data in it.
    var message: String { get }
}

extension HTTPResponseError {
    public var headers: HTTPFields { [:] }
    public var message: String { status.reasonPhrase + "." }
}

/// The responder seam: a handler, a router, or a router wrapped in middleware.
public protocol HTTPResponder: Sendable {
    func respond(to request: Request) async throws -> Response
}

/// A responder that answers some requests synchronously on the event loop (no task hop):
/// health checks, cached static files. `nil` means "take the asynchronous path".
public protocol InlineResponder: HTTPResponder {
    /// Answers `request` now, or returns `nil`; may leave facts in `request` (such as its
    /// resolved route) that spare the asynchronous path from finding them again.
    func respondInline(to request: inout Request) -> Response?
}

extension InlineResponder {
    /// Answers `request` now, or returns `nil`.
    public func respondInline(to request: Request) -> Response? {
        var request = request
        return respondInline(to: &request)
    }
}

/// A responder made from a closure.
public struct ClosureResponder: HTTPResponder {
    let body: @Sendable (Request) async throws -> Response
    public init(_ body: @escaping @Sendable (Request) async throws -> Response) { self.body = body }
    public func respond(to request: Request) async throws -> Response { try await body(request) }
}
