import Testing
@testable import CheckoutCore

@Suite struct CartRulesTests {
    @Test func addingCreatesOrGrowsALine() throws {
        #expect(try CartRules.add(2, product: .make(), current: nil, shopID: "shop_1", productID: "prod_1") == 2)
        #expect(try CartRules.add(2, product: .make(), current: 5, shopID: "shop_1", productID: "prod_1") == 7)
    }

    @Test(arguments: [Product?.none, .make(shopID: "shop_2"), .make(active: false)])
    func unknownForeignOrInactiveProductsAreInvalidRequestOnProductID(product: Product?) {
        let error = #expect(throws: CheckoutError.self) {
            try CartRules.add(1, product: product, current: nil, shopID: "shop_1", productID: "prod_1")
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.param == "product_id")
    }

    @Test func aLineHoldsAtMost999() {
        let error = #expect(throws: CheckoutError.self) {
            try CartRules.add(10, product: .make(), current: 990, shopID: "shop_1", productID: "prod_1")
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.param == "quantity")
    }

    @Test func moreThanTheStockIsOutOfStock() throws {
        #expect(try CartRules.add(3, product: .make(stock: 3), current: nil, shopID: "shop_1", productID: "prod_1") == 3)
        let error = #expect(throws: CheckoutError.self) {
            try CartRules.add(1, product: .make(stock: 3), current: 3, shopID: "shop_1", productID: "prod_1")
        }
        #expect(error?.code == .outOfStock)
        #expect(error?.param == "quantity")
    }

    @Test func settingZeroRemovesAndSettingAnAbsentLineIsNotFound() throws {
        #expect(try CartRules.set(0, product: .make(), current: 4, shopID: "shop_1") == 0)
        #expect(try CartRules.set(0, product: nil, current: nil, shopID: "shop_1") == 0)
        #expect(try CartRules.set(7, product: .make(), current: 4, shopID: "shop_1") == 7)
        let error = #expect(throws: CheckoutError.self) {
            try CartRules.set(1, product: .make(), current: nil, shopID: "shop_1")
        }
        #expect(error?.code == .notFound)
        #expect(throws: CheckoutError.self) { try CartRules.set(1000, product: .make(), current: 1, shopID: "shop_1") }
        #expect(throws: CheckoutError.self) { try CartRules.set(-1, product: .make(), current: 1, shopID: "shop_1") }
    }

    @Test func cartPricesAtTodaysPricesAndSubtotalsAvailableLinesOnly() throws {
        let cart = try CartRules.cart(shopID: "shop_1", currency: .cny, lines: [
            CartLine(product: .make(id: "prod_a", price: 1000), quantity: 2),
            CartLine(product: .make(id: "prod_b", price: 500, stock: 1), quantity: 3),
            CartLine(product: .make(id: "prod_c", price: 700, active: false), quantity: 1),
        ])
        #expect(cart.items.map(\.lineTotal) == [2000, 1500, 700])
        #expect(cart.items.map(\.available) == [true, false, false])
        #expect(cart.subtotal == 2000)
    }
}
