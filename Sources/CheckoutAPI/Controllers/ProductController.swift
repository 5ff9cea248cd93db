import CheckoutCore
import CheckoutHTTP

/// The catalog: a shop creates, edits and lists its products; anyone reads a shop's active
/// products and one active product (an inactive one only its own shop sees).
struct ProductController: APIController {
    let context: CommerceContext
    var catalog: CatalogService { context.services.catalog }

    static let pageQuery: [APIOperation.QueryParameter] = [
        .init("limit", Schema.integer(1...100), "Page size, 1–100 (default 20)."),
        .init("starting_after", Schema.string, "The last id of the previous page."),
    ]

    func addRoutes(to routes: APIRoutes) {
        routes.add(APIOperation(
            .post, "/v1/products", summary: "Create a product in the caller's shop (stock null = unlimited).",
            tag: "Catalog", auth: [.shop], idempotency: .accepted, requestBody: Schema.ref("ProductDraft"),
            answers: [.init(201, "The product.", schema: Schema.ref("Product"))], errors: [409])) { request in
            let shop = try await context.authenticator.requireShop(request)
            return try await context.gate.run(request, caller: .shop(shop), required: false,
                                              respond: { .write($0, status: .created) }) { commit in
                try await catalog.createProduct(in: shop, try request.decode(ProductDraft.self), commit: commit)
            }
        }
        routes.add(APIOperation(
            .patch, "/v1/products/{id}", summary: "Change any of title, description, image_url, price, stock, active.",
            tag: "Catalog", auth: [.shop], requestBody: Schema.ref("ProductPatch"),
            answers: [.init(200, "The product as saved.", schema: Schema.ref("Product"))], errors: [404])) { request in
            let shop = try await context.authenticator.requireShop(request)
            let id = try request.pathID("id")
            let patch = try request.decode(ProductPatch.self)
            if patch.isEmpty {
                return .write(try await catalog.product(id: id, viewerShopID: shop.id).owned(by: shop))
            }
            return .write(try await catalog.updateProduct(in: shop, id: id, patch))
        }
        routes.add(APIOperation(
            .get, "/v1/products", summary: "The caller's products, active or not, newest first.",
            tag: "Catalog", auth: [.shop], query: Self.pageQuery,
            answers: [.init(200, "A page of products.", schema: Schema.ref("ProductList"))])) { request in
            let shop = try await context.authenticator.requireShop(request)
            return .write(try await catalog.products(of: shop, page: try request.pageRequest()))
        }
        routes.add(APIOperation(
            .get, "/v1/shops/{shop_id}/products", summary: "A shop's active products, newest first (what a mini-shop shows).",
            tag: "Catalog", query: Self.pageQuery,
            answers: [.init(200, "A page of active products.", schema: Schema.ref("ProductList"))],
            errors: [404]), inline: { request in
            // Answered on the event loop from its own read connection when the store allows it,
            // each row written straight from the statement into the response.
            let catalog = self.catalog  // one copy of the service, not one per use
            guard let lane = request.context.eventLoop, catalog.answersProductReadsImmediately else { return nil }
            let shopID = try request.pathID("shop_id")
            let page = try request.pageRequest()
            var json = JSONWriter(capacity: min(page.limit, 20) * 400 + 32)
            json.beginPage()
            guard let hasMore = try catalog.publicProductsNow(shopID: shopID, page: page, lane: lane, { json.value($0) })
            else { return nil }
            json.endPage(hasMore: hasMore)
            return .json(json.bytes)
        }) { request in
            let shopID = try request.pathID("shop_id")
            return .write(try await catalog.publicProducts(shopID: shopID, page: try request.pageRequest()))
        }
        routes.add(APIOperation(
            .get, "/v1/products/{id}", summary: "One active product; an inactive one is 404 for everyone but its shop.",
            tag: "Catalog",
            answers: [.init(200, "The product.", schema: Schema.ref("Product"))], errors: [401, 404]), inline: { request in
            // Anonymous reads on the event loop; a caller's key or token is resolved on the pool.
            let catalog = self.catalog
            guard let lane = request.context.eventLoop, catalog.answersProductReadsImmediately,
                  !request.headers.contains("Authorization") else { return nil }
            var json = JSONWriter(capacity: 512)
            guard try catalog.publicProductNow(id: try request.pathID("id"), lane: lane, { json.value($0) }) else { return nil }
            return .json(json.bytes)
        }) { request in
            let id = try request.pathID("id")
            var viewer: String?
            if case .shop(let shop)? = try await context.authenticator.caller(request) { viewer = shop.id }
            return .write(try await catalog.product(id: id, viewerShopID: viewer))
        }
    }
}

extension Product {
    /// The product when it belongs to `shop`; another shop's product is `not_found`.
    func owned(by shop: Shop) throws(CheckoutError) -> Product {
        guard shopID == shop.id else { throw .notFound("No such product.") }
        return self
    }
}
