import CheckoutCore
import CheckoutHTTP

/// Shoppers' share links: `POST /v1/share-links` makes one, `GET /v1/me/share-links` lists the
/// caller's own with their counters.
struct ShareLinkController: APIController {
    let context: ShareContext

    /// `POST /v1/share-links` body: `{shop_id, product_id, channel?}`.
    struct CreateRequest: Decodable {
        var shopID: String
        var productID: String
        var channel: String?

        enum CodingKeys: String, CodingKey {
            case channel
            case shopID = "shop_id"
            case productID = "product_id"
        }
    }

    func addRoutes(to routes: APIRoutes) {
        routes.add(APIOperation(
            .post, "/v1/share-links",
            summary: "Make a share link for an active product: a 12-character base62 code (unguessable, fits a mini-program code's scene) and its URL CHECKOUT_PUBLIC_URL/s/{code}.",
            tag: "Shares", auth: [.shopper], idempotency: .accepted, requestBody: Schema.ref("ShareLinkDraft"),
            answers: [.init(201, "The link.", schema: Schema.ref("ShareLink"))])) { request in
            let session = try await context.authenticator.requireShopper(request)
            return try await context.gate.run(request, caller: .shopper(session), required: false, respond: { link in
                try .encode(ShareLinkBody(link, url: context.shares.url(code: link.code)), status: .created)
            }) { commit in
                let body = try request.decode(CreateRequest.self)
                return try await context.shares.createLink(sharerID: session.user.id, shopID: body.shopID,
                                                           productID: body.productID, channel: body.channel,
                                                           commit: commit)
            }
        }
        routes.add(APIOperation(
            .get, "/v1/me/share-links", summary: "The caller's own share links, newest first, each with its counters.",
            tag: "Shares", auth: [.shopper], query: ProductController.pageQuery,
            answers: [.init(200, "A page of links.", schema: Schema.ref("ShareLinkSummaryList"))])) { request in
            let session = try await context.authenticator.requireShopper(request)
            let page = try await context.shares.links(sharerID: session.user.id, page: try request.pageRequest())
            return try .encode(page.map { ShareLinkSummaryBody(summary: $0, url: context.shares.url(code: $0.link.code)) })
        }
    }
}
