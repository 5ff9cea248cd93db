import Testing
@testable import CheckoutCore

@Suite struct OrderPricingTests {
    @Test func itemsSnapshotTitleAndPriceAndTotalTheLine() throws {
        let line = LineRequest(productID: "prod_1", quantity: 3)
        let item = try OrderPricing.item(line, product: .make(title: "Oolong", price: 1250), param: "items[0]")
        #expect(item == OrderItem(productID: "prod_1", title: "Oolong", unitPrice: 1250, quantity: 3, lineTotal: 3750))
    }

    @Test func checkNamesTheFaultyLine() {
        let line = LineRequest(productID: "prod_1", quantity: 1)
        for product in [Product?.none, .make(shopID: "shop_9"), .make(active: false)] {
            let error = #expect(throws: CheckoutError.self) {
                try OrderPricing.check(line, product: product, shopID: "shop_1", param: "items[2]")
            }
            #expect(error?.param == "items[2].product_id")
        }
        let huge = #expect(throws: CheckoutError.self) {
            try OrderPricing.check(LineRequest(productID: "prod_1", quantity: 1000), product: .make(),
                                   shopID: "shop_1", param: "items[0]")
        }
        #expect(huge?.param == "items[0].quantity")
    }

    @Test func totalsAreOverflowChecked() throws {
        let items = [OrderItem(productID: "a", title: "a", unitPrice: 1, quantity: 1, lineTotal: .max),
                     OrderItem(productID: "b", title: "b", unitPrice: 1, quantity: 1, lineTotal: 1)]
        #expect(throws: CheckoutError.self) { try OrderPricing.total(items, currency: .cny) }
        #expect(try OrderPricing.total([items[1], items[1]], currency: .cny) == Money(2, .cny))
    }
}
