import CheckoutCore

/// The named component schemas of the contract's objects (docs/API.md), referenced by operations
/// through `Schema.ref`. Response schemas list every field the server writes (nullable ones
/// as `anyOf [T, null]`); request schemas state the limits the server enforces.
enum APISchemas {
    static let all: [(String, JSONValue)] = [
        ("Shop", shop), ("ShopProfile", shopProfile), ("ShopDraft", shopDraft), ("ShopCreation", shopCreation),
        ("Product", product), ("ProductDraft", productDraft), ("ProductPatch", productPatch),
        ("ProductList", Schema.list(of: Schema.ref("Product"))),
        ("SessionRequest", sessionRequest), ("User", user), ("Session", session),
        ("LineRequest", lineRequest), ("QuantityUpdate", quantityUpdate), ("CartItem", cartItem), ("Cart", cart),
        ("Shipping", shipping), ("OrderDraft", orderDraft), ("OrderItem", orderItem), ("Fulfillment", fulfillment),
        ("OrderPayment", orderPayment), ("OrderRefund", orderRefund), ("Order", order),
        ("OrderList", Schema.list(of: Schema.ref("Order"))),
    ] + RewardSchemas.all

    // MARK: Building blocks

    static let id: JSONValue = ["type": "string", "minLength": 1, "maxLength": 64]
    static let currency: JSONValue = ["type": "string", "pattern": "^[A-Za-z]{3}$",
                                      "description": "ISO 4217 code, e.g. CNY."]
    static let amount: JSONValue = ["type": "integer", "format": "int64", "minimum": 0,
                                    "description": "Minor units (fen for CNY)."]
    static let price: JSONValue = ["type": "integer", "format": "int64", "minimum": 0,
                                   "maximum": .int(CatalogService.maximumPrice), "description": "Minor units."]
    static let stock: JSONValue = Schema.nullable(["type": "integer", "format": "int64", "minimum": 0,
                                                   "description": "Units left; null is unlimited."])
    static let quantity: JSONValue = Schema.integer(1...999)
    static func text(_ max: Int64, min: Int64 = 1) -> JSONValue {
        ["type": "string", "minLength": .int(min), "maxLength": .int(max), "pattern": "\\S"]
    }
    static let nullableString = Schema.nullable(Schema.string)
    static let nullableTime = Schema.nullable(Schema.timestamp)

    // MARK: Shops and catalog

    static let shop = Schema.object([
        ("id", Schema.string), ("name", Schema.string), ("currency", Schema.string), ("created_at", Schema.timestamp),
    ], required: ["id", "name", "currency", "created_at"])

    static let shopProfile = Schema.object([
        ("id", Schema.string), ("name", Schema.string), ("currency", Schema.string),
    ], required: ["id", "name", "currency"])

    static let shopDraft = Schema.object([("name", text(200)), ("currency", currency)], required: ["name"])

    static let shopCreation = Schema.object([
        ("shop", Schema.ref("Shop")),
        ("secret_key", Schema.string("The shop's secret key (sk_…), shown this once.")),
    ], required: ["shop", "secret_key"])

    static let product = Schema.object([
        ("id", Schema.string), ("shop_id", Schema.string), ("title", Schema.string),
        ("description", nullableString), ("image_url", nullableString), ("price", amount),
        ("currency", Schema.string), ("stock", stock), ("active", Schema.boolean), ("commission_bps", commissionBps),
        ("created_at", Schema.timestamp), ("updated_at", Schema.timestamp),
    ], required: ["id", "shop_id", "title", "description", "image_url", "price", "currency", "stock", "active",
                  "commission_bps", "created_at", "updated_at"])

    /// A sharer's commission rate in basis points (30 % at most); null: the shop's rate.
    static let commissionBps: JSONValue = Schema.nullable(["type": "integer", "minimum": 0, "maximum": 3000,
                                                           "description": "Basis points of what was paid; null: the shop's rate_bps."])

    static let imageURL: JSONValue = Schema.nullable(["type": "string", "format": "uri", "maxLength": 2048,
                                                      "description": "An http(s) URL."])

    static let productDraft = Schema.object([
        ("title", text(200)), ("description", Schema.nullable(text(5000, min: 0))), ("image_url", imageURL),
        ("price", price), ("currency", currency), ("stock", stock), ("active", Schema.boolean),
        ("commission_bps", commissionBps),
    ], required: ["title", "price"])

    static let productPatch = Schema.object([
        ("title", text(200)), ("description", Schema.nullable(text(5000, min: 0))), ("image_url", imageURL),
        ("price", price), ("stock", stock), ("active", Schema.boolean), ("commission_bps", commissionBps),
    ])

    // MARK: Sessions

    static let sessionRequest = Schema.object([
        ("platform", Schema.enumeration(ShopperPlatform.allCases.map(\.rawValue))),
        ("code", ["type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[!-~]+$",
                  "description": "wechat: the wx.login code; sandbox: the openid itself."]),
        ("shop_id", Schema.string("The shop the shopper arrived at (optional).")),
    ], required: ["platform", "code"])

    static let user = Schema.object([
        ("id", Schema.string), ("platform", Schema.enumeration(ShopperPlatform.allCases.map(\.rawValue))),
        ("openid", Schema.string), ("created_at", Schema.timestamp),
    ], required: ["id", "platform", "openid"])

    static let session = Schema.object([
        ("token", Schema.string("The session token (sess_…), shown this once.")),
        ("user", Schema.ref("User")), ("expires_at", Schema.timestamp),
    ], required: ["token", "user", "expires_at"])

    // MARK: Cart

    static let lineRequest = Schema.object([("product_id", id), ("quantity", quantity)],
                                           required: ["product_id", "quantity"])

    static let quantityUpdate = Schema.object([("quantity", Schema.integer(0...999))], required: ["quantity"])

    static let cartItem = Schema.object([
        ("product_id", Schema.string), ("title", Schema.string), ("unit_price", amount),
        ("quantity", Schema.integer), ("line_total", amount),
        ("available", ["type": "boolean", "description": "False when inactive or short of stock."]),
    ], required: ["product_id", "title", "unit_price", "quantity", "line_total", "available"])

    static let cart = Schema.object([
        ("shop_id", Schema.string), ("items", Schema.array(Schema.ref("CartItem"))),
        ("subtotal", amount), ("currency", Schema.string),
    ], required: ["shop_id", "items", "subtotal", "currency"])

    // MARK: Orders

    static let shipping = Schema.object([
        ("name", text(100)),
        ("phone", ["type": "string", "minLength": 1, "maxLength": 32, "pattern": "^[0-9+() -]*[0-9][0-9+() -]*$"]),
        ("address", text(500)), ("postal_code", Schema.nullable(text(20, min: 0))),
    ], required: ["name", "phone", "address"])

    static let orderDraft = Schema.object([
        ("items", ["type": "array", "items": Schema.ref("LineRequest"), "minItems": 1, "maxItems": 100,
                   "description": "Absent: buy the whole cart."]),
        ("shipping", Schema.ref("Shipping")),
        ("share_code", Schema.nullable(["type": "string", "pattern": "^[0-9A-Za-z]{1,64}$"])),
        ("scene", Schema.nullable(Schema.integer(0...999_999))),
        ("note", Schema.nullable(text(500, min: 0))),
    ], required: ["shipping"])

    static let orderItem = Schema.object([
        ("product_id", Schema.string), ("title", Schema.string), ("unit_price", amount),
        ("quantity", Schema.integer), ("line_total", amount),
    ], required: ["product_id", "title", "unit_price", "quantity", "line_total"])

    static let fulfillment = Schema.object([("carrier", text(100)), ("tracking_number", text(100))],
                                           required: ["carrier", "tracking_number"])

    static let orderPayment = Schema.object([
        ("id", Schema.string), ("provider", Schema.string), ("transaction_id", nullableString),
    ], required: ["id", "provider"])

    static let orderRefund = Schema.object([
        ("id", Schema.string), ("amount", amount),
        ("status", Schema.enumeration(["pending", "succeeded", "failed"])),
    ], required: ["id", "amount", "status"])

    static let order = Schema.object([
        ("id", Schema.string), ("shop_id", Schema.string), ("user_id", Schema.string),
        ("status", Schema.enumeration(OrderStatus.allCases.map(\.rawValue))),
        ("items", Schema.array(Schema.ref("OrderItem"))), ("amount_total", amount), ("currency", Schema.string),
        ("shipping", Schema.object([
            ("name", Schema.string), ("phone", Schema.string), ("address", Schema.string),
            ("postal_code", nullableString),
        ], required: ["name", "phone", "address"])),
        ("share_code", nullableString), ("scene", Schema.nullable(Schema.integer)), ("note", nullableString),
        ("created_at", Schema.timestamp), ("expires_at", Schema.timestamp), ("paid_at", nullableTime),
        ("cancelled_at", nullableTime),
        ("cancellation_reason", Schema.nullable(Schema.enumeration(["requested", "expired"]))),
        ("fulfilled_at", nullableTime), ("completed_at", nullableTime),
        ("fulfillment", Schema.nullable(Schema.ref("Fulfillment"))),
        ("payment", Schema.nullable(Schema.ref("OrderPayment"))),
        ("refunds", Schema.array(Schema.ref("OrderRefund"))),
    ], required: ["id", "shop_id", "user_id", "status", "items", "amount_total", "currency", "shipping",
                  "created_at", "expires_at", "refunds"])
}
