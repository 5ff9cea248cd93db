import Foundation
import Testing
@testable import CheckoutCore

@Suite struct JSONShapeTests {
    func object(_ value: some Encodable) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as! [String: Any]
    }

    @Test func productEncodesEveryContractFieldWithExplicitNulls() throws {
        let json = try object(Product.make(stock: nil))
        #expect(Set(json.keys) == ["id", "shop_id", "title", "description", "image_url", "price", "currency",
                                   "stock", "active", "commission_bps", "created_at", "updated_at"])
        #expect(json["stock"] is NSNull)
        #expect(json["currency"] as? String == "CNY")
        #expect(json["created_at"] as? String == "1970-01-01T00:00:00Z")
    }

    @Test func orderEncodesTheContractOrderObject() throws {
        let order = Order(id: "ord_1", shopID: "shop_1", userID: "usr_1", status: .pendingPayment,
                          items: [OrderItem(productID: "prod_1", title: "Tea", unitPrice: 100, quantity: 2, lineTotal: 200)],
                          amountTotal: 200, currency: .cny,
                          shipping: Shipping(name: "Li", phone: "13800000000", address: "1 Road"),
                          scene: 1008, createdAt: Timestamp(seconds: 0), expiresAt: Timestamp(seconds: 900))
        let json = try object(order)
        let contract: Set<String> = ["id", "shop_id", "user_id", "status", "items", "amount_total", "currency",
                                     "shipping", "share_code", "scene", "note", "created_at", "expires_at",
                                     "paid_at", "cancelled_at", "fulfilled_at", "payment", "refunds"]
        #expect(contract.isSubset(of: Set(json.keys)))
        #expect(json["status"] as? String == "pending_payment")
        #expect(json["paid_at"] is NSNull)
        #expect(json["scene"] as? Int == 1008)
        let item = (json["items"] as? [[String: Any]])?.first
        #expect(Set(item?.keys ?? [:].keys) == ["product_id", "title", "unit_price", "quantity", "line_total"])
        let shipping = json["shipping"] as? [String: Any]
        #expect(shipping?["postal_code"] is NSNull)
        #expect(try JSONDecoder().decode(Order.self, from: JSONEncoder().encode(order)) == order)
    }

    @Test func cartAndPageUseContractKeys() throws {
        let cart = Cart(shopID: "shop_1", items: [CartItem(productID: "p", title: "t", unitPrice: 1, quantity: 1,
                                                           lineTotal: 1, available: true)],
                        subtotal: 1, currency: .cny)
        let json = try object(cart)
        #expect(Set(json.keys) == ["shop_id", "items", "subtotal", "currency"])
        let item = (json["items"] as? [[String: Any]])?.first
        #expect(Set(item?.keys ?? [:].keys) == ["product_id", "title", "unit_price", "quantity", "line_total", "available"])
        #expect(Set(try object(Page(data: [1], hasMore: true)).keys) == ["data", "has_more"])
    }

    @Test func sessionAndShopCreationUseContractKeys() throws {
        let user = User(id: "usr_1", platform: .wechat, openid: "o1", createdAt: Timestamp(seconds: 0))
        #expect(Set(try object(SessionCreation(token: "t", user: user, expiresAt: Timestamp(seconds: 1))).keys)
            == ["token", "user", "expires_at"])
        let shop = Shop(id: "shop_1", name: "S", currency: .cny, createdAt: Timestamp(seconds: 0))
        #expect(Set(try object(ShopCreation(shop: shop, secretKey: "sk_x")).keys) == ["shop", "secret_key"])
    }

    @Test func productPatchTellsAbsentFromNull() throws {
        let absent = try JSONDecoder().decode(ProductPatch.self, from: Data(#"{"title":"New"}"#.utf8))
        #expect(absent.title == "New")
        #expect(absent.stock == .none)
        let cleared = try JSONDecoder().decode(ProductPatch.self, from: Data(#"{"stock":null,"description":null}"#.utf8))
        #expect(cleared.stock == .some(nil))
        #expect(cleared.description == .some(nil))
        let set = try JSONDecoder().decode(ProductPatch.self, from: Data(#"{"stock":4}"#.utf8))
        #expect(set.stock == .some(4))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ProductPatch.self, from: Data(#"{"price":null}"#.utf8))
        }
    }

    @Test func orderDraftAcceptsNumericOrStringScene() throws {
        let base = #""shipping":{"name":"Li","phone":"1","address":"A"}"#
        let number = try JSONDecoder().decode(OrderDraft.self, from: Data("{\(base),\"scene\":1044}".utf8))
        let text = try JSONDecoder().decode(OrderDraft.self, from: Data("{\(base),\"scene\":\"1007\"}".utf8))
        #expect(number.scene == 1044)
        #expect(text.scene == 1007)
        #expect(number.items == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(OrderDraft.self, from: Data("{\(base),\"scene\":\"group\"}".utf8))
        }
    }

    @Test func errorCodesAreTheContractStrings() {
        #expect(ErrorCode.outOfStock.rawValue == "out_of_stock")
        #expect(ErrorCode.idempotencyKeyReused.rawValue == "idempotency_key_reused")
        #expect(ErrorCode.invalidState.rawValue == "invalid_state")
        #expect(ErrorCode.internal.rawValue == "internal")
    }
}
