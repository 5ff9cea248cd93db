@testable import CheckoutCore

extension Product {
    static func make(id: String = "prod_1", shopID: String = "shop_1", title: String = "Tea",
                     price: Int64 = 1500, stock: Int64? = nil, active: Bool = true) -> Product {
        Product(id: id, shopID: shopID, title: title, price: price, currency: .cny, stock: stock,
                active: active, createdAt: Timestamp(seconds: 0), updatedAt: Timestamp(seconds: 0))
    }
}
