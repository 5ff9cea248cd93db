import Testing
@testable import CheckoutCore

@Suite struct CartServiceTests {
    @Test func addingLinesAccumulatesAndPricesAtTodaysPrices() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let tea = try await env.makeProduct(in: shop, title: "Tea", price: 1000)
            let cup = try await env.makeProduct(in: shop, title: "Cup", price: 300)
            let user = try await env.makeUser()
            let carts = env.services.carts
            _ = try await carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: tea.id, quantity: 1))
            env.clock.advance(seconds: 1)
            _ = try await carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: cup.id, quantity: 2))
            let cart = try await carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: tea.id, quantity: 2))
            #expect(cart.items.map(\.productID) == [tea.id, cup.id])
            #expect(cart.items.map(\.quantity) == [3, 2])
            #expect(cart.subtotal == 3600)
            _ = try await env.services.catalog.updateProduct(in: shop, id: tea.id, ProductPatch(price: 2000))
            #expect(try await carts.cart(userID: user.id, shopID: shop.id).subtotal == 6600)
        }
    }

    @Test func productsOfAnotherShopInactiveOrUnknownAreInvalidRequestOnProductID() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let foreign = try await env.makeProduct(in: try await env.makeShop("Other"))
            let inactive = try await env.makeProduct(in: shop, active: false)
            let user = try await env.makeUser()
            for id in [foreign.id, inactive.id, "prod_unknown"] {
                let error = await checkoutError {
                    try await env.services.carts.addItem(userID: user.id, shopID: shop.id,
                                                         LineRequest(productID: id, quantity: 1))
                }
                #expect(error?.code == .invalidRequest)
                #expect(error?.param == "product_id")
            }
            #expect(try await env.services.carts.cart(userID: user.id, shopID: shop.id).items.isEmpty)
        }
    }

    @Test func quantitiesStayWithin1To999AndWithinStock() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let limited = try await env.makeProduct(in: shop, stock: 2)
            let unlimited = try await env.makeProduct(in: shop)
            let user = try await env.makeUser()
            let carts = env.services.carts
            for quantity in [0, -1, 1000] {
                let error = await checkoutError {
                    try await carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: unlimited.id, quantity: quantity))
                }
                #expect(error?.param == "quantity")
            }
            _ = try await carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: unlimited.id, quantity: 999))
            #expect(await checkoutError {
                try await carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: unlimited.id, quantity: 1))
            }?.code == .invalidRequest)
            _ = try await carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: limited.id, quantity: 2))
            let error = await checkoutError {
                try await carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: limited.id, quantity: 1))
            }
            #expect(error?.code == .outOfStock)
            #expect(error?.param == "quantity")
        }
    }

    @Test func settingZeroOrDeletingRemovesTheLine() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let a = try await env.makeProduct(in: shop)
            let b = try await env.makeProduct(in: shop)
            let user = try await env.makeUser()
            let carts = env.services.carts
            _ = try await carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: a.id, quantity: 1))
            _ = try await carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: b.id, quantity: 1))
            #expect(try await carts.setQuantity(userID: user.id, shopID: shop.id, productID: a.id, quantity: 5)
                .items.first { $0.productID == a.id }?.quantity == 5)
            #expect(try await carts.setQuantity(userID: user.id, shopID: shop.id, productID: a.id, quantity: 0)
                .items.map(\.productID) == [b.id])
            #expect(try await carts.removeItem(userID: user.id, shopID: shop.id, productID: b.id).items.isEmpty)
            #expect(try await carts.removeItem(userID: user.id, shopID: shop.id, productID: b.id).items.isEmpty)
            #expect(await checkoutError {
                try await carts.setQuantity(userID: user.id, shopID: shop.id, productID: a.id, quantity: 2)
            }?.code == .notFound)
        }
    }

    @Test func cartsAreSeparatePerShopperAndShop() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let other = try await env.makeShop("Other")
            let product = try await env.makeProduct(in: shop)
            let alice = try await env.makeUser("alice")
            let bob = try await env.makeUser("bob")
            _ = try await env.services.carts.addItem(userID: alice.id, shopID: shop.id, LineRequest(productID: product.id, quantity: 1))
            #expect(try await env.services.carts.cart(userID: bob.id, shopID: shop.id).items.isEmpty)
            #expect(try await env.services.carts.cart(userID: alice.id, shopID: other.id).items.isEmpty)
            #expect(await checkoutError { try await env.services.carts.cart(userID: alice.id, shopID: "shop_none") }?.code == .notFound)
        }
    }

    @Test func unavailableLinesAreFlaggedAndLeftOutOfTheSubtotal() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let a = try await env.makeProduct(in: shop, price: 100)
            let b = try await env.makeProduct(in: shop, price: 200, stock: 5)
            let user = try await env.makeUser()
            _ = try await env.services.carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: a.id, quantity: 1))
            _ = try await env.services.carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: b.id, quantity: 3))
            _ = try await env.services.catalog.updateProduct(in: shop, id: a.id, ProductPatch(active: false))
            _ = try await env.services.catalog.updateProduct(in: shop, id: b.id, ProductPatch(stock: .some(2)))
            let cart = try await env.services.carts.cart(userID: user.id, shopID: shop.id)
            #expect(cart.items.map(\.available) == [false, false])
            #expect(cart.subtotal == 0)
        }
    }
}
