import CheckoutCore
import CheckoutStorePostgres
import CheckoutTesting
import Testing

/// The domain services on the PostgreSQL stores, one replica: the paths every store serves.
@Suite struct PostgresStoreTests {
    @Test func catalogCartOrderAndCancel_RoundTrip() async throws {
        try await PostgresReplicas.with(count: 1) { env in
            let shop = try await env.makeShop()
            let tea = try await env.makeProduct(in: shop, title: "Tea", price: 1250, stock: 10)
            let cup = try await env.makeProduct(in: shop, title: "Cup", price: 300)
            let user = try await env.makeUser()
            _ = try await env.first.carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: tea.id, quantity: 2))
            let cart = try await env.first.carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: tea.id, quantity: 1))
            #expect(cart.items.map(\.quantity) == [3])
            env.clock.advance(seconds: 1)  // lines list oldest added first
            _ = try await env.first.carts.addItem(userID: user.id, shopID: shop.id, LineRequest(productID: cup.id, quantity: 2))
            let order = try await env.first.orders.placeOrder(
                userID: user.id, shopID: shop.id, OrderDraft(items: nil, shipping: PostgresReplicas.shipping))
            #expect(order.amountTotal == 4350)
            #expect(order.items.map(\.quantity) == [3, 2])
            #expect(try await env.stock(tea.id) == 7)
            #expect(try await env.stock(cup.id) == nil)
            #expect(try await env.first.carts.cart(userID: user.id, shopID: shop.id).items.isEmpty)
            let stored = try await env.first.orders.order(id: order.id, viewer: .user(user.id))
            #expect(stored == order)
            let cancelled = try await env.first.orders.cancel(id: order.id, userID: user.id).get()
            #expect(cancelled.status == .cancelled)
            #expect(try await env.stock(tea.id) == 10)
            await #expect(throws: CheckoutError.self) { try await env.first.orders.cancel(id: order.id, userID: user.id).get() }
        }
    }

    @Test func lists_PageNewestFirstAndRefuseAForeignCursor() async throws {
        try await PostgresReplicas.with(count: 1) { env in
            let shop = try await env.makeShop()
            var ids: [String] = []
            for index in 0..<5 {
                ids.append(try await env.makeProduct(in: shop, title: "P\(index)").id)
                env.clock.advance(seconds: index.isMultiple(of: 2) ? 0 : 1)  // ties on created_at too
            }
            let first = try await env.first.catalog.products(of: shop, page: try PageRequest(limit: 2, startingAfter: nil))
            let second = try await env.first.catalog.products(of: shop, page: try PageRequest(limit: 2, startingAfter: first.data.last?.id))
            let third = try await env.first.catalog.products(of: shop, page: try PageRequest(limit: 2, startingAfter: second.data.last?.id))
            let seen = (first.data + second.data + third.data).map(\.id)
            #expect(Set(seen) == Set(ids) && seen.count == 5)
            #expect(first.hasMore && second.hasMore && !third.hasMore)
            let other = try await env.makeProduct(in: try await env.makeShop("Other"))
            let error = await #expect(throws: CheckoutError.self) {
                try await env.first.catalog.products(of: shop, page: try PageRequest(limit: 2, startingAfter: other.id))
            }
            #expect(error?.param == "starting_after")
        }
    }

    @Test func sessions_CreateFindAndRevoke() async throws {
        try await PostgresReplicas.with(count: 1) { env in
            let created = try await env.first.sessions.createSession(platform: .wechat, openid: "o-1")
            let again = try await env.first.sessions.createSession(platform: .wechat, openid: "o-1")
            #expect(again.user.id == created.user.id)
            let session = try #require(try await env.first.sessions.authenticate(token: created.token))
            #expect(session.user == created.user)
            #expect(try await env.first.sessions.revoke(session))
            #expect(try await env.first.sessions.authenticate(token: created.token) == nil)
        }
    }

    @Test func unreachableDatabase_IsStorageUnavailable() async throws {
        try await PostgresReplicas.with(count: 1) { env in
            let shop = try await env.makeShop()
            env.storages[0].close()
            let error = await #expect(throws: StorageError.self) { try await env.first.catalog.shop(id: shop.id) }
            #expect(error?.kind == .unavailable)
        }
    }
}
