import Testing
@testable import CheckoutCore

@Suite struct OrderPlacementTests {
    @Test func placingReservesStockSnapshotsPricesAndTotals() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let tea = try await env.makeProduct(in: shop, title: "Tea", price: 1250, stock: 10)
            let cup = try await env.makeProduct(in: shop, title: "Cup", price: 300)
            let user = try await env.makeUser()
            let order = try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id,
                                                                 env.draft([(tea, 3), (cup, 2)]))
            #expect(order.id.hasPrefix("ord_") && order.id.utf8.count <= 32)
            #expect(order.status == .pendingPayment)
            #expect(order.amountTotal == 4350)
            #expect(order.items == [
                OrderItem(productID: tea.id, title: "Tea", unitPrice: 1250, quantity: 3, lineTotal: 3750),
                OrderItem(productID: cup.id, title: "Cup", unitPrice: 300, quantity: 2, lineTotal: 600),
            ])
            #expect(order.expiresAt == env.clock.now().adding(seconds: 900))
            #expect(try await env.stock(tea.id) == 7)
            #expect(try await env.stock(cup.id) == nil)
            _ = try await env.services.catalog.updateProduct(in: shop, id: tea.id, ProductPatch(title: "New", price: 9999))
            let stored = try await env.services.orders.order(id: order.id, viewer: .user(user.id))
            #expect(stored == order)
        }
    }

    @Test func aLineOverStockFailsTheWholeOrderAndReservesNothing() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let a = try await env.makeProduct(in: shop, stock: 5)
            let b = try await env.makeProduct(in: shop, stock: 1)
            let user = try await env.makeUser()
            let error = await checkoutError {
                try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft([(a, 2), (b, 2)]))
            }
            #expect(error?.code == .outOfStock)
            #expect(error?.param == "items[1].quantity")
            #expect(try await env.stock(a.id) == 5)
            #expect(try await env.services.orders.orders(of: .user(user.id), page: .first).data.isEmpty)
        }
    }

    @Test func badLinesAreInvalidRequestNamingTheLine() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let ok = try await env.makeProduct(in: shop)
            let inactive = try await env.makeProduct(in: shop, active: false)
            let foreign = try await env.makeProduct(in: try await env.makeShop("Other"))
            let user = try await env.makeUser()
            let cases: [(OrderDraft, String)] = [
                (env.draft([]), "items"),
                (env.draft([(ok, 1), (inactive, 1)]), "items[1].product_id"),
                (env.draft([(foreign, 1)]), "items[0].product_id"),
                (env.draft([(ok, 1000)]), "items[0].quantity"),
                (env.draft([(ok, 0)]), "items[0].quantity"),
                (OrderDraft(items: [LineRequest(productID: "prod_x", quantity: 1)], shipping: TestEnvironment.shipping),
                 "items[0].product_id"),
                (OrderDraft(items: [LineRequest(productID: ok.id, quantity: 1)],
                            shipping: Shipping(name: "", phone: "1", address: "A")), "shipping.name"),
                (OrderDraft(items: [LineRequest(productID: ok.id, quantity: 1)],
                            shipping: Shipping(name: "N", phone: "call me", address: "A")), "shipping.phone"),
                (OrderDraft(items: [LineRequest(productID: ok.id, quantity: 1)], shipping: TestEnvironment.shipping,
                            shareCode: "not/base62"), "share_code"),
            ]
            for (draft, param) in cases {
                let error = await checkoutError { try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id, draft) }
                #expect(error?.code == .invalidRequest, "\(param)")
                #expect(error?.param == param)
            }
            #expect(await checkoutError {
                try await env.services.orders.placeOrder(userID: user.id, shopID: "shop_none", env.draft([(ok, 1)]))
            }?.code == .notFound)
        }
    }

    @Test func withoutItemsItBuysTheCartAndEmptiesThePurchasedLines() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let a = try await env.makeProduct(in: shop, price: 100, stock: 4)
            let b = try await env.makeProduct(in: shop, price: 50)
            let user = try await env.makeUser()
            _ = try await env.services.carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: a.id, quantity: 2))
            _ = try await env.services.carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: b.id, quantity: 3))
            let order = try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft(nil))
            #expect(order.amountTotal == 350)
            #expect(Set(order.items.map(\.productID)) == [a.id, b.id])
            #expect(try await env.stock(a.id) == 2)
            #expect(try await env.services.carts.cart(userID: user.id, shopID: shop.id).items.isEmpty)
            let error = await checkoutError {
                try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft(nil))
            }
            #expect(error?.code == .invalidRequest)
            #expect(error?.param == "items")
        }
    }

    @Test func aCartLineOverStockFailsAndKeepsTheCart() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let a = try await env.makeProduct(in: shop, stock: 3)
            let user = try await env.makeUser()
            _ = try await env.services.carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: a.id, quantity: 3))
            _ = try await env.services.catalog.updateProduct(in: shop, id: a.id, ProductPatch(stock: .some(1)))
            let error = await checkoutError {
                try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft(nil))
            }
            #expect(error?.code == .outOfStock)
            #expect(error?.param == "cart.items[0].quantity")
            #expect(try await env.services.carts.cart(userID: user.id, shopID: shop.id).items.count == 1)
        }
    }

    @Test func fiftyConcurrentOrdersForStockFiveSellExactlyFive() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let product = try await env.makeProduct(in: shop, stock: 5)
            var users = [User]()
            for index in 0..<50 { users.append(try await env.makeUser("shopper-\(index)")) }
            let outcomes = await withTaskGroup(of: String.self) { group in
                for user in users {
                    group.addTask {
                        do {
                            _ = try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id,
                                                                         env.draft([(product, 1)]))
                            return "placed"
                        } catch let error as CheckoutError {
                            return error.code.rawValue
                        } catch {
                            return "other: \(error)"
                        }
                    }
                }
                var all = [String]()
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "placed" }.count == 5)
            #expect(outcomes.filter { $0 == "out_of_stock" }.count == 45)
            #expect(try await env.stock(product.id) == 0)
            #expect(try await env.services.orders.orders(of: .shop(shop.id), page: .first).data.count == 5)
        }
    }
}
