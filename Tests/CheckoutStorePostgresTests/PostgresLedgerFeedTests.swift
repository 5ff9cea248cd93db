import CheckoutCore
import CheckoutStorePostgres
import CheckoutTesting
import Foundation
import Synchronization
import Testing

private final class Notices: Sendable {
    let received = Mutex<[PostgresLedgerNotice]>([])
    let connected = Mutex(false)
}

@Suite struct PostgresLedgerFeedTests {
    @Test func paymentOnOneReplica_ReachesTheFeedOfAnother() async throws {
        try await PostgresReplicas.with(count: 2) { env in
            env.storages.forEach(PostgresLedgerFeed.announce)
            let notices = Notices()
            let configuration = env.storages[1].pool.configuration
            let feed = try PostgresLedgerFeed(configuration: configuration,
                                              onReconnected: { notices.connected.withLock { $0 = true } }) { notice in
                notices.received.withLock { $0.append(notice) }
            }
            defer { feed.close() }
            let deadline = Date().addingTimeInterval(10)
            while !notices.connected.withLock({ $0 }) && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let shop = try await env.makeShop()
            let tea = try await env.makeProduct(in: shop, price: 700)
            let user = try await env.makeUser()
            let order = try await env.services[0].orders.placeOrder(userID: user.id, shopID: shop.id, env.draft([(tea, 2)]))
            let paid = PaymentNotification(
                provider: "sandbox", notificationID: "feed-1", eventType: "TRANSACTION.SUCCESS", rawBody: [], resource: nil,
                serial: nil,
                event: .transaction(ProviderTransaction(outTradeNo: order.id, transactionID: "tx-feed", state: .paid, amount: 1400)))
            _ = try await env.storages[0].stores.payments.apply(paid, now: env.clock.now(), ids: RandomIDGenerator())
            while notices.received.withLock({ $0.count }) < 2 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let received = notices.received.withLock { $0 }
            #expect(received.map(\.kind) == [.orderPlaced, .orderPaid])
            #expect(received.last == PostgresLedgerNotice(kind: .orderPaid, orderID: order.id, shopID: shop.id, amount: 1400,
                                                         at: env.clock.now()))
        }
    }
}
