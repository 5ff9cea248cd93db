import CheckoutThreads
import Testing
@testable import CheckoutCore

@Suite struct OrderExpirySchedulerTests {
    @Test func eachRunReportsTheOrdersItCancelled() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let product = try await env.makeProduct(in: shop, stock: 3)
            let user = try await env.makeUser()
            let order = try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft([(product, 3)]))
            let reported = Locked<[[String]]>([])
            let scheduler = OrderExpiryScheduler(orders: env.services.orders) { ids in
                reported.withLock { $0.append(ids) }
            }
            try await scheduler.runExpiry()
            try await scheduler.runExpiry(now: order.expiresAt.adding(milliseconds: -1))
            #expect(reported.withLock { $0 }.isEmpty)
            try await scheduler.runExpiry(now: order.expiresAt)
            try await scheduler.runExpiry(now: order.expiresAt.adding(seconds: 5))
            #expect(reported.withLock { $0 } == [[order.id]])
            #expect(try await env.stock(product.id) == 3)
        }
    }

    @Test func expiryWorksThroughLargeBacklogsInBatches() async throws {
        try await TestEnvironment.with { env in
            let shop = try await env.makeShop()
            let product = try await env.makeProduct(in: shop, stock: 30)
            let user = try await env.makeUser()
            for _ in 0..<30 {
                _ = try await env.services.orders.placeOrder(userID: user.id, shopID: shop.id, env.draft([(product, 1)]))
            }
            env.clock.advance(seconds: 900)
            let expired = try await env.services.orders.expireDue(batchSize: 7)
            #expect(expired.count == 30)
            #expect(Set(expired).count == 30)
            #expect(try await env.stock(product.id) == 30)
        }
    }
}
