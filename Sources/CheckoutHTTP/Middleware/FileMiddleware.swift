/// Falls back to static files when the router finds no route: a GET or HEAD that ends in
/// `RouterError.notFound` is answered by `files` instead (or still 404 when no file is
/// there). Routes always win, so API paths never touch the disk.
public struct FileMiddleware: Middleware {
    let files: StaticFileResponder

    public init(files: StaticFileResponder) {
        self.files = files
    }

    public func handle(_ request: Request, next: @Sendable (Request) async throws -> Response) async throws -> Response {
        do {
            return try await next(request)
        } catch RouterError.notFound where request.method == .get || request.method == .head {
            return try files.serve(request)
        }
    }
}
