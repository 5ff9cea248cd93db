import CheckoutCore
import CheckoutHTTP

/// The pages of `Public/` that depend on data: `/p/{product_id}` is the product page
/// (`p/index.html`, which loads the product through the API) for an active product, and the
/// not-found page (`404.html`, same look) with a real 404 for an unknown or inactive one.
/// Other pages (`/`, `/dashboard`) are plain files served by the static-file fallback.
struct PageController: APIController {
    static let productPage = "p/index.html"
    static let notFoundPage = "404.html"
    static let html: JSONValue = ["type": "string"]

    let files: StaticFileResponder
    let catalog: CatalogService

    func addRoutes(to routes: APIRoutes) {
        routes.add(APIOperation(
            .get, "/p/{product_id}", summary: "The product page (HTML) that a chat's web view opens; `?share=` is carried into orders.",
            tag: "Pages", query: [.init("share", Schema.string, "The share code the visitor arrived with.")],
            answers: [.init(200, "The product page.", schema: Self.html, contentType: "text/html"),
                      .init(404, "The not-found page: no such active product.", schema: Self.html, contentType: "text/html")])) { request in
            try await productPage(request)
        }
    }

    func productPage(_ request: Request) async throws -> Response {
        do {
            _ = try await catalog.product(id: request.parameters["product_id"] ?? "")
        } catch let error as CheckoutError where error.code == .notFound {
            return try files.serveErrorPage(relativePath: Self.notFoundPage, status: .notFound, request: request)
        }
        return try files.serveFile(relativePath: Self.productPage, request: request)
    }
}
