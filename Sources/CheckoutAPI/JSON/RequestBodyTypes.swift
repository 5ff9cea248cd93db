import CheckoutCore

/// The JSON body type of every route that reads one, decoded as that route decodes it
/// (`JSONBody`). The fuzz target `json-body` runs each input through every entry; a test keeps
/// the list equal to the routes whose OpenAPI operation has a request body.
public enum RequestBodyTypes {
    /// One route's body type.
    public struct Entry: Sendable {
        /// `METHOD /path` as the OpenAPI document names the route.
        public let route: String
        /// Decodes a body as the route does; the value is returned as is.
        public let decode: @Sendable ([UInt8]) throws(CheckoutError) -> any Sendable

        init<T: Decodable & Sendable>(_ route: String, _ type: T.Type) {
            self.route = route
            decode = { bytes throws(CheckoutError) in try JSONBody.decode(type, from: bytes) }
        }
    }

    public static let all: [Entry] = [
        Entry("POST /v1/shops", ShopDraft.self),
        Entry("POST /v1/products", ProductDraft.self),
        Entry("PATCH /v1/products/{id}", ProductPatch.self),
        Entry("POST /v1/shops/{shop_id}/cart/items", LineRequest.self),
        Entry("PATCH /v1/shops/{shop_id}/cart/items/{product_id}", QuantityUpdate.self),
        Entry("POST /v1/shops/{shop_id}/orders", OrderDraft.self),
        Entry("POST /v1/orders/{id}/fulfill", Fulfillment.self),
        Entry("POST /v1/orders/{id}/payments", PaymentController.Body.self),
        Entry("POST /v1/orders/{id}/refunds", RefundController.Body.self),
        Entry("POST /v1/sessions", SessionController.LoginRequest.self),
        Entry("POST /v1/share-links", ShareLinkController.CreateRequest.self),
        Entry("PUT /v1/rewards", RewardProgramUpdate.self),
    ]
}
