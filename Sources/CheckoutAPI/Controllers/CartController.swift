import CheckoutCore
import CheckoutHTTP

/// The shopper's cart in a shop (one per shopper per shop), always answered whole at today's
/// prices. Products named in a body that are unknown, inactive or another shop's are 400 with
/// `param`; ids in the path that are not in the cart are 404.
struct CartController: APIController {
    let context: CommerceContext
    var carts: CartService { context.services.carts }

    func addRoutes(to routes: APIRoutes) {
        let cart = Schema.ref("Cart")
        routes.add(APIOperation(
            .get, "/v1/shops/{shop_id}/cart", summary: "The caller's cart in the shop, at today's prices.",
            tag: "Cart", auth: [.shopper], answers: [.init(200, "The cart (empty when none yet).", schema: cart)],
            errors: [404])) { request in
            let session = try await context.authenticator.requireShopper(request)
            return try .encode(try await carts.cart(userID: session.user.id, shopID: try request.pathID("shop_id")))
        }
        routes.add(APIOperation(
            .post, "/v1/shops/{shop_id}/cart/items", summary: "Add a quantity of a product (a line holds 1–999).",
            tag: "Cart", auth: [.shopper], idempotency: .accepted, requestBody: Schema.ref("LineRequest"),
            answers: [.init(200, "The whole cart.", schema: cart)], errors: [404])) { request in
            let session = try await context.authenticator.requireShopper(request)
            let shopID = try request.pathID("shop_id")
            return try await context.gate.run(request, caller: .shopper(session), required: false,
                                              respond: { try .encode($0) }) { commit in
                try await carts.addItem(userID: session.user.id, shopID: shopID, try request.decode(LineRequest.self),
                                        commit: commit)
            }
        }
        routes.add(APIOperation(
            .patch, "/v1/shops/{shop_id}/cart/items/{product_id}", summary: "Set a line's quantity; 0 removes it.",
            tag: "Cart", auth: [.shopper], requestBody: Schema.ref("QuantityUpdate"),
            answers: [.init(200, "The whole cart.", schema: cart)], errors: [404])) { request in
            let session = try await context.authenticator.requireShopper(request)
            let (shopID, productID) = (try request.pathID("shop_id"), try request.pathID("product_id"))
            let update = try request.decode(QuantityUpdate.self)
            return try .encode(try await carts.setQuantity(userID: session.user.id, shopID: shopID,
                                                           productID: productID, quantity: update.quantity))
        }
        routes.add(APIOperation(
            .delete, "/v1/shops/{shop_id}/cart/items/{product_id}", summary: "Remove a line.",
            tag: "Cart", auth: [.shopper], answers: [.init(200, "The whole cart.", schema: cart)],
            errors: [404])) { request in
            let session = try await context.authenticator.requireShopper(request)
            let (shopID, productID) = (try request.pathID("shop_id"), try request.pathID("product_id"))
            let current = try await carts.cart(userID: session.user.id, shopID: shopID)
            guard current.items.contains(where: { $0.productID == productID }) else {
                throw CheckoutError.notFound("No such item in the cart.")
            }
            return try .encode(try await carts.removeItem(userID: session.user.id, shopID: shopID, productID: productID))
        }
    }
}
