import Testing
@testable import CheckoutCore

@Suite struct OrderLifecycleTests {
    struct Fixture: Sendable {
        let env: TestEnvironment
        let shop: Shop
        let product: Product
        let user: User

        func place(_ quantity: Int = 2) async throws -> Order {
            try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft([(product, quantity)]))
        }
    }

    func withFixture(_ body: (Fixture) async throws -> Void) async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let fixture = Fixture(env: env, shop: shop, product: try await env.makeProduct(in: shop, stock: 10),
                                  user: try await env.makeUser())
            try await body(fixture)
        }
    }

    @Test func cancelReleasesStockOnceAndOnlyFromPendingPayment() async throws {
        try await withFixture { f in
            let order = try await f.place(3)
            #expect(try await f.env.stock(f.product.id) == 7)
            let cancelled = try await f.env.services.orders.cancel(id: order.id, userID: f.user.id).get()
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.cancellationReason == .requested)
            #expect(cancelled.cancelledAt == f.env.clock.now())
            #expect(try await f.env.stock(f.product.id) == 10)
            let again = await checkoutError { try await f.env.services.orders.cancel(id: order.id, userID: f.user.id).get() }
            #expect(again?.code == .invalidState)
            #expect(try await f.env.stock(f.product.id) == 10)
        }
    }

    @Test func anotherShoppersOrderIsNotFound() async throws {
        try await withFixture { f in
            let order = try await f.place()
            let stranger = try await f.env.makeUser("stranger")
            let otherShop = try await f.env.makeShop("Other")
            #expect(await checkoutError { try await f.env.services.orders.cancel(id: order.id, userID: stranger.id).get() }?.code == .notFound)
            #expect(await checkoutError { try await f.env.services.orders.order(id: order.id, viewer: .user(stranger.id)) }?.code == .notFound)
            #expect(await checkoutError { try await f.env.services.orders.order(id: order.id, viewer: .shop(otherShop.id)) }?.code == .notFound)
            #expect(try await f.env.services.orders.order(id: order.id, viewer: .shop(f.shop.id)).id == order.id)
            #expect(try await f.env.stock(f.product.id) == 8)
        }
    }

    @Test func paidThenFulfilledThenCompletedFollowsTheMachine() async throws {
        try await withFixture { f in
            let orders = f.env.services.orders
            let order = try await f.place()
            let shipment = Fulfillment(carrier: "SF Express", trackingNumber: "SF123")
            #expect(await checkoutError { try await orders.fulfill(id: order.id, shopID: f.shop.id, shipment).get() }?.code == .invalidState)
            #expect(await checkoutError { try await orders.complete(id: order.id, by: .user(f.user.id)).get() }?.code == .invalidState)
            f.env.clock.advance(seconds: 10)
            let paid = try await orders.markPaid(id: order.id)
            #expect(paid.status == .paid && paid.paidAt == f.env.clock.now())
            #expect(await checkoutError { try await orders.markPaid(id: order.id) }?.code == .invalidState)
            #expect(await checkoutError { try await orders.cancel(id: order.id, userID: f.user.id).get() }?.code == .invalidState)
            let badShipment = await checkoutError {
                try await orders.fulfill(id: order.id, shopID: f.shop.id, Fulfillment(carrier: "", trackingNumber: "1")).get()
            }
            #expect(badShipment?.param == "carrier")
            #expect(await checkoutError { try await orders.fulfill(id: order.id, shopID: "shop_other", shipment).get() }?.code == .notFound)
            let fulfilled = try await orders.fulfill(id: order.id, shopID: f.shop.id, shipment).get()
            #expect(fulfilled.status == .fulfilled && fulfilled.fulfillment == shipment)
            let completed = try await orders.complete(id: order.id, by: .user(f.user.id)).get()
            #expect(completed.status == .completed)
            #expect(try await orders.order(id: order.id, viewer: .shop(f.shop.id)) == completed)
            #expect(try await f.env.stock(f.product.id) == 8)
        }
    }

    @Test func theShopMayCompleteAFulfilledOrderToo() async throws {
        try await withFixture { f in
            let order = try await f.place()
            _ = try await f.env.services.orders.markPaid(id: order.id)
            _ = try await f.env.services.orders.fulfill(id: order.id, shopID: f.shop.id,
                                                        Fulfillment(carrier: "EMS", trackingNumber: "E1")).get()
            #expect(try await f.env.services.orders.complete(id: order.id, by: .shop(f.shop.id)).get().status == .completed)
        }
    }

    @Test func expiryCancelsDueOrdersAndReleasesStockExactlyOnce() async throws {
        try await withFixture { f in
            let due = try await f.place(2)
            f.env.clock.advance(seconds: 600)
            let later = try await f.place(3)
            let paid = try await f.place(1)
            _ = try await f.env.services.orders.markPaid(id: paid.id)
            #expect(try await f.env.stock(f.product.id) == 4)
            #expect(try await f.env.services.expiry.runExpiry() == [])
            f.env.clock.advance(seconds: 300)
            #expect(try await f.env.services.expiry.runExpiry() == [due.id])
            #expect(try await f.env.services.expiry.runExpiry() == [])
            #expect(try await f.env.stock(f.product.id) == 6)
            let expired = try await f.env.services.orders.order(id: due.id, viewer: .user(f.user.id))
            #expect(expired.status == .cancelled && expired.cancellationReason == .expired)
            f.env.clock.advance(seconds: 3600)
            #expect(try await f.env.services.expiry.runExpiry() == [later.id])
            #expect(try await f.env.services.expiry.runExpiry() == [])
            #expect(try await f.env.stock(f.product.id) == 9)
            #expect(try await f.env.services.orders.order(id: paid.id, viewer: .user(f.user.id)).status == .paid)
            #expect(await checkoutError { try await f.env.services.orders.markPaid(id: due.id) }?.code == .invalidState)
        }
    }

    @Test func concurrentExpiryRunsReleaseStockOnce() async throws {
        try await withFixture { f in
            for _ in 0..<5 { _ = try await f.place(2) }
            #expect(try await f.env.stock(f.product.id) == 0)
            f.env.clock.advance(seconds: 901)
            let orders = f.env.services.orders
            let counts = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { (try? await orders.expireDue(batchSize: 2).count) ?? -1 } }
                var all = [Int]()
                for await count in group { all.append(count) }
                return all
            }
            #expect(counts.reduce(0, +) == 5)
            #expect(try await f.env.stock(f.product.id) == 10)
        }
    }

    @Test func listsFilterByOwnerAndStatusAndPage() async throws {
        try await withFixture { f in
            var placed = [Order]()
            for _ in 0..<5 {
                placed.append(try await f.place(1))
                f.env.clock.advance(seconds: 1)
            }
            _ = try await f.env.services.orders.markPaid(id: placed[1].id)
            _ = try await f.env.services.orders.cancel(id: placed[3].id, userID: f.user.id).get()
            let stranger = try await f.env.makeUser("stranger")
            let orders = f.env.services.orders
            let first = try await orders.orders(of: .user(f.user.id), page: try PageRequest(limit: 3))
            #expect(first.data.map(\.id) == placed.reversed().prefix(3).map(\.id))
            #expect(first.hasMore)
            let rest = try await orders.orders(of: .user(f.user.id), page: try PageRequest(limit: 3, startingAfter: first.data.last?.id))
            #expect(rest.data.map(\.id) == [placed[1].id, placed[0].id])
            #expect(!rest.hasMore)
            #expect(try await orders.orders(of: .shop(f.shop.id), status: .paid, page: .first).data.map(\.id) == [placed[1].id])
            #expect(try await orders.orders(of: .user(f.user.id), status: .pendingPayment, page: .first).data.count == 3)
            #expect(try await orders.orders(of: .user(stranger.id), page: .first).data.isEmpty)
            #expect(await checkoutError {
                try await orders.orders(of: .user(stranger.id), page: try PageRequest(startingAfter: placed[0].id))
            }?.param == "starting_after")
        }
    }
}
