@testable import CheckoutHTTP
import Testing

/// When idle connections are closed to make room, how many at once, and how often it is
/// logged, on an injected clock.
@Suite struct ReclaimPolicyTests {
    @Test func belowTheHighWaterMark_NothingIsClosed() {
        let policy = ReclaimPolicy(capacity: 1_600)
        #expect(policy.highWater == 1_500)
        #expect(policy.reclaimCount(open: 1_499, idle: 800, outOfDescriptors: false) == 0)
        #expect(policy.reclaimCount(open: 0, idle: 800, outOfDescriptors: false) == 0)
    }

    @Test func pastTheHighWaterMark_ABatchOfAnEighthOfTheIdleOnes_OneTo32() {
        let policy = ReclaimPolicy(capacity: 1_600)
        #expect(policy.reclaimCount(open: 1_500, idle: 800, outOfDescriptors: false) == 32)
        #expect(policy.reclaimCount(open: 1_600, idle: 80, outOfDescriptors: false) == 10)
        #expect(policy.reclaimCount(open: 1_600, idle: 7, outOfDescriptors: false) == 1)
        #expect(policy.reclaimCount(open: 1_600, idle: 1, outOfDescriptors: false) == 1)
        #expect(policy.reclaimCount(open: 1_600, idle: 0, outOfDescriptors: false) == 0)
    }

    @Test func outOfDescriptors_ClosesABatchWhateverTheCount() {
        let policy = ReclaimPolicy(capacity: 16_384)
        #expect(policy.reclaimCount(open: 40, idle: 16, outOfDescriptors: true) == 2)
        #expect(policy.reclaimCount(open: 40, idle: 0, outOfDescriptors: true) == 0)
    }

    @Test func aTinyCapacity_KeepsOneSlotOfHeadroom() {
        #expect(ReclaimPolicy(capacity: 16).highWater == 15)
        #expect(ReclaimPolicy(capacity: 1).highWater == 0)
    }

    /// A flood at the ceiling: every accept round closes the oldest batch, the list drains
    /// in idle order and no busy connection (never filed) is ever a candidate.
    @Test func repeatedRounds_CloseOldestFirstAndNeverABusyConnection() {
        let policy = ReclaimPolicy(capacity: 100)
        var list = IdleConnections()
        var slots: [UInt64: Int] = [:]
        for id: UInt64 in 1...90 { slots[id] = list.append(id, since: Int64(id)) }
        // 10 connections are busy (a request, a response or a stream in progress): not filed.
        let busy: Set<UInt64> = Set(91...100)
        var closed: [UInt64] = []
        var open = 100
        while let count = Optional(policy.reclaimCount(open: open, idle: list.count, outOfDescriptors: false)), count > 0 {
            for _ in 0..<count {
                let victim = list.oldest!
                list.remove(slot: slots[victim.id]!)
                closed.append(victim.id)
                open -= 1
            }
        }
        #expect(closed == Array(1...UInt64(closed.count)))
        #expect(closed.allSatisfy { !busy.contains($0) })
        #expect(open < policy.highWater)
    }

    @Test func pressureLog_OneReportASecondWithTheCountsSinceTheLast() {
        var log = PressureLog()
        #expect(log.record(now: 0) == nil)
        #expect(log.record(reclaimed: 3, now: 10) == .init(refused: 0, reclaimed: 3, outOfDescriptors: false))
        #expect(log.record(reclaimed: 2, now: 500) == nil)
        #expect(log.record(refused: 1, outOfDescriptors: true, now: 900) == nil)
        #expect(log.record(refused: 4, now: 1_009) == nil)
        #expect(log.record(reclaimed: 1, now: 1_010) == .init(refused: 5, reclaimed: 3, outOfDescriptors: true))
        #expect(log.record(now: 5_000) == nil)
        #expect(log.record(outOfDescriptors: true, now: 5_001) == .init(refused: 0, reclaimed: 0, outOfDescriptors: true))
    }
}
