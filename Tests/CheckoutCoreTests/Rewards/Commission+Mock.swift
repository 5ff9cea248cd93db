@testable import CheckoutCore

extension Order {
    /// A paid order of `lines` (product id, line total), bought by `buyer` through `shareCode`.
    static func makeCredited(id: String = "ord_1", buyer: String = "usr_buyer",
                             lines: [(String, Int64)] = [("prod_1", 10_000)], shareCode: String? = "abcdEFGH12",
                             at now: Timestamp = ManualClock().now()) -> Order {
        let items = lines.map { OrderItem(productID: $0.0, title: "Tea", unitPrice: $0.1, quantity: 1, lineTotal: $0.1) }
        return Order(id: id, shopID: "shop_1", userID: buyer, status: .paid, items: items,
                     amountTotal: items.reduce(0) { $0 + $1.lineTotal }, currency: .cny,
                     shipping: Shipping(name: "Li Lei", phone: "13800000000", address: "1 Nanjing Rd"),
                     shareCode: shareCode, createdAt: now, expiresAt: now.adding(seconds: 900), paidAt: now)
    }
}

extension Commission {
    /// The commission `order` earns under `program` for `sharer` (must earn one).
    static func make(_ order: Order = .makeCredited(), sharer: String = "usr_sharer",
                     program: RewardProgram = RewardProgram(enabled: true, rateBps: 1000, freezeDays: 7),
                     productRates: [String: Int] = [:], at now: Timestamp) -> (Commission, [CommissionEntry])? {
        earn(Earning(id: "cm_" + order.id, order: order, sharer: sharer, program: program, productRates: productRates,
                     paidAmount: order.amountTotal, now: now))
    }
}
