import CheckoutCore
import CheckoutHTTP

/// `POST /v1/shops` (admin): creates a shop and answers its secret key, once;
/// `GET /v1/shops/{shop_id}` (anyone): the shop's public profile.
struct ShopController: APIController {
    let context: CommerceContext

    func addRoutes(to routes: APIRoutes) {
        routes.add(APIOperation(
            .post, "/v1/shops", summary: "Create a shop; the answer holds its secret key, shown this once.",
            tag: "Shops", auth: [.admin], idempotency: .accepted, requestBody: Schema.ref("ShopDraft"),
            answers: [.init(201, "The shop and its secret key.", schema: Schema.ref("ShopCreation"))],
            errors: [409])) { request in
            try await create(request)
        }
        routes.add(APIOperation(
            .get, "/v1/shops/{shop_id}", summary: "A shop's public profile, the seller a page or mini program shows.",
            tag: "Shops", answers: [.init(200, "The shop.", schema: Schema.ref("ShopProfile"))],
            errors: [404])) { request in
            let shop = try await context.services.catalog.shop(id: try request.pathID("shop_id"))
            return try .encode(ShopProfile(shop))
        }
    }

    func create(_ request: Request) async throws -> Response {
        let caller = try await context.authenticator.require(request, [.admin])
        return try await context.gate.run(request, caller: caller, required: false,
                                          respond: { try .encode($0, status: .created) }) { commit in
            try await context.services.catalog.createShop(try request.decode(ShopDraft.self), commit: commit)
        }
    }
}
