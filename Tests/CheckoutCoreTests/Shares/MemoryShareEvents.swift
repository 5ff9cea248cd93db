import CheckoutThreads
@testable import CheckoutCore

/// The part of a share store the live hub reads, in memory: paid-order events and today's
/// counters. Writing methods are not used by the hub and refuse.
final class MemoryShareEvents: ShareStore {
    let events = Locked<[PaidOrderEvent]>([])
    let hourRows = Locked<[StatsRow]>([])

    func add(_ event: PaidOrderEvent) { events.withLock { $0.append(event) } }

    func paidEvents(shopID: String, after sequence: Int64, limit: Int) async throws -> [PaidOrderEvent] {
        Array(events.withLock { $0 }.filter { $0.shopID == shopID && $0.sequence > sequence }.suffix(limit))
    }

    func latestPaidSequence(shopID: String) async throws -> Int64 {
        events.withLock { $0 }.filter { $0.shopID == shopID }.map(\.sequence).max() ?? 0
    }

    func stats(shopID: String, by dimension: StatsDimension, hours: ClosedRange<Int64>?) async throws -> [StatsRow] {
        hourRows.withLock { $0 }
    }

    func paidEvent(orderID: String) async throws -> PaidOrderEvent? {
        events.withLock { $0 }.first { $0.orderID == orderID }
    }

    struct Unused: Error {}
    func creditedShop(orderID: String) async throws -> String? { throw Unused() }
    func create(_ link: ShareLink, commit: IdempotentCommit<ShareLink>?) async throws -> IdempotentOutcome<ShareLink> {
        throw Unused()
    }
    func link(code: String) async throws -> ShareLink? { throw Unused() }
    func recordClick(_ click: ShareClick) async throws -> (link: ShareLink, outcome: ClickRule.Outcome)? { throw Unused() }
    func links(sharerID: String, page: PageRequest) async throws -> Page<ShareLinkSummary> { throw Unused() }
    func trending(shopID: String, scene: Int?, hours: ClosedRange<Int64>, limit: Int) async throws -> [TrendingEntry] {
        throw Unused()
    }
    func saveLiveToken(hash: String, shopID: String, expiresAt: Timestamp, commit: IdempotentCommit<Timestamp>?)
        async throws -> IdempotentOutcome<Timestamp> { throw Unused() }
    func liveTokenShop(hash: String, now: Timestamp) async throws -> String? { throw Unused() }
}
