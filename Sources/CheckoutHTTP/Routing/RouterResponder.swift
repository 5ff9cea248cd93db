/// The frozen router: an immutable trie plus the router-wide middleware. `Sendable`, so
/// every event loop and handler task can share one.
///
/// For each request it matches the path first, fills `request.parameters` and
/// `request.context.route`, then runs the middleware chain around the route's handler, or
/// around a handler that throws `RouterError` (404, 405 or 400) when nothing matched, so
/// middleware sees every request.
public struct RouterResponder: InlineResponder {
    let root: RouteNode
    let middleware: [any Middleware]
    let inlineFallback: StaticFileResponder?
    /// Every registered route, in registration order (for listings and contract checks).
    public let routes: [RouteDescription]

    init(root: RouteNode, middleware: [any Middleware], routes: [RouteDescription], inlineFallback: StaticFileResponder? = nil) {
        self.root = root
        self.middleware = middleware
        self.routes = routes
        self.inlineFallback = inlineFallback
    }

    /// Answers inline routes and, for unmatched GET/HEAD, static files, on the caller's
    /// thread; `nil` sends the request down the asynchronous path (with middleware).
    public func respondInline(to request: inout Request) -> Response? {
        let endpoint: Endpoint
        do {
            endpoint = try resolve(&request)
        } catch {
            request.resolution = RouteResolution(root: root, method: request.method, path: request.path, outcome: .failure(error))
            guard error == .notFound, request.method == .get || request.method == .head, let files = inlineFallback else {
                // Errors are rendered by the app's middleware (or the server's renderer) on the
                // asynchronous path, never here: the router knows no error format.
                return nil
            }
            return try? files.serve(request)
        }
        if let inline = endpoint.inline, var response = try? inline(request) {
            response.route = endpoint.pattern
            return response
        }
        // Kept for the asynchronous path only when it is taken (the loop answered otherwise).
        request.resolution = RouteResolution(root: root, method: request.method, path: request.path, outcome: .success(endpoint))
        return nil
    }

    public func respond(to request: Request) async throws -> Response {
        var request = request
        let handler: RouteHandler
        do {
            let endpoint = try resolved(&request)
            handler = endpoint.handler
        } catch {
            handler = { _ in throw error }
        }
        var response = try await MiddlewareChain.run(middleware, request, handler)
        if response.route == nil { response.route = request.context.route }
        return response
    }

    /// The endpoint `respondInline` already found for this request, or a fresh resolution.
    private func resolved(_ request: inout Request) throws(RouterError) -> Endpoint {
        if let resolution = request.resolution, resolution.root === root,
           resolution.method == request.method, resolution.path == request.path {
            return try resolution.outcome.get()
        }
        return try resolve(&request)
    }

    /// Finds the endpoint for `request` and stores its parameters and route pattern.
    func resolve(_ request: inout Request) throws(RouterError) -> Endpoint {
        let path = request.path
        if root.byteMatchable, root.parameterDepth <= RouteNode.CaptureRanges.capacity,
           let outcome = path.utf8.withContiguousStorageIfAvailable({ resolvePlain($0, &request) }), let outcome {
            return try outcome.get()
        }
        return try resolveDecoded(&request)
    }

    /// `resolve` straight from the bytes of a plain path (`RouteNode.match(bytes:)`); nil
    /// when the path is not plain.
    private func resolvePlain(_ path: UnsafeBufferPointer<UInt8>, _ request: inout Request) -> Result<Endpoint, RouterError>? {
        guard let stop = RouteNode.plainSegmentsEnd(path) else { return nil }
        var captures = RouteNode.CaptureRanges()
        guard let found = root.match(bytes: path, from: 1, stop: stop, captures: &captures) else { return .failure(.notFound) }
        guard let endpoint = found.table.endpoint(for: request.method) else {
            return .failure(.methodNotAllowed(allowed: found.table.allowed))
        }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: path[range]), as: UTF8.self) }
        for (offset, name) in endpoint.parameterNames.enumerated() where offset < captures.count {
            request.parameters.set(name, text(captures[offset]))
        }
        if let name = endpoint.catchAllName {
            request.parameters.set(name, found.rest.map(text) ?? "")
        }
        request.context.route = endpoint.pattern
        return .success(endpoint)
    }

    /// `resolve` for any path: decoded into segments by `RequestPath` first.
    func resolveDecoded(_ request: inout Request) throws(RouterError) -> Endpoint {
        let path = try RequestPath.parse(request.path)
        var captures: [String] = []
        guard let found = root.match(path.segments, from: 0, captures: &captures) else { throw .notFound }
        guard let endpoint = found.table.endpoint(for: request.method) else {
            throw .methodNotAllowed(allowed: found.table.allowed)
        }
        for (name, value) in zip(endpoint.parameterNames, found.captures) {
            request.parameters.set(name, value)
        }
        if let name = endpoint.catchAllName {
            request.parameters.set(name, found.rest ?? "")
        }
        request.context.route = endpoint.pattern
        return endpoint
    }
}
