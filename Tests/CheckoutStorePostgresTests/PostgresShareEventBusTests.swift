import CheckoutCore
@testable import CheckoutStorePostgres
import CheckoutTesting
import Foundation
import CheckoutThreads
import Testing

/// What a bus's receivers got, in order.
private final class Received: Sendable {
    let events = Locked<[ShareEvent]>([])

    func wait(for count: Int) async -> [ShareEvent] {
        let deadline = Date().addingTimeInterval(10)
        while events.withLock({ $0.count }) < count && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return events.withLock { $0 }
    }
}

@Suite struct PostgresShareEventBusTests {
    static let paid = PaidOrderEvent(sequence: 42, shopID: "shop_1", orderID: "ord_1", amountTotal: 3_000, shareCode: "AbCd1234",
                                     scene: 1008, sharerID: "usr_9", paidAt: Timestamp(milliseconds: 1_700_000_000_123))
    static let every: [ShareEvent] = [
        .click(shopID: "shop_1", at: Timestamp(milliseconds: 5), firstVisit: true),
        .click(shopID: "shop_1", at: Timestamp(milliseconds: -5), firstVisit: false),
        .share(shopID: "shop_2", at: Timestamp(milliseconds: 7)),
        .orderCredited(shopID: "shop_3", at: Timestamp(milliseconds: 8)),
        .refunded(shopID: "shop_4", amount: 500, at: Timestamp(milliseconds: 9)),
        .paid(paid),
        .paid(PaidOrderEvent(sequence: 1, shopID: "s", orderID: "o", amountTotal: 0, shareCode: nil, scene: nil,
                             sharerID: nil, paidAt: Timestamp(milliseconds: 0))),
    ]

    @Test func everyEventKind_RoundTripsThroughANoticeLine() {
        for event in Self.every {
            let line = ShareEventNotice.encode(event, origin: "abc")
            let decoded = ShareEventNotice.decode(Substring(line))
            #expect(decoded?.origin == "abc" && decoded?.event == event, "\(line)")
        }
        for garbage in ["", "abc", "abc x shop 1", "abc c shop 1 2", "abc c shop x 1", "abc p 1 s o 1 - 12x - 0",
                        "abc r shop 1", "abc s shop 1 extra"] {
            #expect(ShareEventNotice.decode(Substring(garbage)) == nil, "\(garbage)")
        }
    }

    @Test func linesArePackedIntoPayloadsUnderTheLimit() {
        let lines = (0..<500).map { "line-\($0)-" + String(repeating: "x", count: 40) }
        let payloads = PostgresShareEventBus.payloads(lines)
        #expect(payloads.count > 1)
        #expect(payloads.allSatisfy { $0.utf8.count <= PostgresShareEventBus.payloadLimit })
        #expect(payloads.flatMap { $0.split(separator: "\n").map(String.init) } == lines)
    }

    @Test func anEventOnOneReplica_ReachesAnotherOnce_AndItsOwnReceiversOnce() async throws {
        let configuration = try await PostgresTestDatabase.freshConfiguration()
        let pools = (0..<2).map { _ in PostgresPool(configuration: configuration, size: 2) }
        let buses = pools.map { PostgresShareEventBus(pool: $0) }
        defer { buses.forEach { $0.close() }; pools.forEach { $0.close() } }
        let received = [Received(), Received()]
        for (bus, inbox) in zip(buses, received) { bus.addReceiver { event in inbox.events.withLock { $0.append(event) } } }
        let deadline = Date().addingTimeInterval(10)
        while !buses.allSatisfy(\.isListening) && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }

        let click = ShareEvent.click(shopID: "shop_1", at: Timestamp(milliseconds: 1), firstVisit: true)
        buses[0].publish(click)
        #expect(await received[1].wait(for: 1) == [click])
        // Replica 1 answers after it saw the click: had replica 0 taken its own click back from the
        // server, it would have arrived before this one (notifications come in commit order).
        buses[1].publish(.paid(Self.paid))
        #expect(await received[0].wait(for: 2) == [click, .paid(Self.paid)])
        #expect(received[1].events.withLock { $0 } == [click, .paid(Self.paid)])
    }

    @Test func busesOnDifferentSchemas_DoNotHearEachOther() async throws {
        let configurations = [try await PostgresTestDatabase.freshConfiguration(), try await PostgresTestDatabase.freshConfiguration()]
        let pools = configurations.map { PostgresPool(configuration: $0, size: 1) }
        let buses = pools.map { PostgresShareEventBus(pool: $0) }
        defer { buses.forEach { $0.close() }; pools.forEach { $0.close() } }
        #expect(buses[0].channel != buses[1].channel)
        let received = [Received(), Received()]
        for (bus, inbox) in zip(buses, received) { bus.addReceiver { event in inbox.events.withLock { $0.append(event) } } }
        let deadline = Date().addingTimeInterval(10)
        while !buses.allSatisfy(\.isListening) && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let mine = ShareEvent.share(shopID: "shop_a", at: Timestamp(milliseconds: 1))
        let theirs = ShareEvent.share(shopID: "shop_b", at: Timestamp(milliseconds: 2))
        buses[0].publish(mine)
        buses[1].publish(theirs)
        // A third bus on schema 0 hears schema 0's next event: had schema 1's crossed over, it
        // would be in bus 0's inbox by then (notifications arrive in commit order).
        let pool = PostgresPool(configuration: configurations[0], size: 1)
        let witness = PostgresShareEventBus(pool: pool)
        defer { witness.close(); pool.close() }
        while !witness.isListening && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let later = ShareEvent.share(shopID: "shop_a", at: Timestamp(milliseconds: 3))
        witness.publish(later)
        #expect(await received[0].wait(for: 2) == [mine, later])
        #expect(received[1].events.withLock { $0 } == [theirs])
    }

    @Test func channelNames_FollowTheSchema() {
        #expect(PostgresShareEventBus.channel(schema: nil) == "checkout_share")
        #expect(PostgresShareEventBus.channel(schema: "t_123") == "checkout_share_t_123")
        #expect(PostgresShareEventBus.channel(schema: "Shop-A") == "checkout_share_shop_a")
        #expect(PostgresShareEventBus.channel(schema: String(repeating: "x", count: 100)).count == 63)
    }
}
