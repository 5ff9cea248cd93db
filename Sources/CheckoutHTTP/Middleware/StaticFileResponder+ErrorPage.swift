extension StaticFileResponder {
    /// The page at `relativePath` (e.g. `404.html`) answered with `status` instead of 200: a
    /// real error page with the site's look. Conditional headers are ignored (an error page is
    /// never a 304) and the answer carries no validators, only `Cache-Control: no-store`, so
    /// a later 200 for the same URL is never masked. Gzip and HEAD behave as for any file.
    public func serveErrorPage(relativePath: String, status: HTTPStatus, request: Request) throws(RouterError) -> Response {
        var plain = request
        plain.headers.remove("If-None-Match")
        plain.headers.remove("If-Modified-Since")
        var response = try serveFile(relativePath: relativePath, request: plain)
        response.status = status
        response.headers.remove("ETag")
        response.headers.remove("Last-Modified")
        response.headers["Cache-Control"] = "no-store"
        return response
    }
}
