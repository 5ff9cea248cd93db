@testable import CheckoutHTTP
import Testing

/// When idle connections are closed to make room, which ones, how many at once, and how often
/// it is logged, on an injected clock and without sockets.
@Suite struct ReclaimPolicyTests {
    @Test func belowTheHighWaterMark_NothingIsClosed() {
        let policy = ReclaimPolicy(capacity: 1_600)
        #expect(policy.highWater == 1_500)
        #expect(policy.reclaimCount(open: 1_499, filed: 800, outOfDescriptors: false) == 0)
        #expect(policy.reclaimCount(open: 0, filed: 800, outOfDescriptors: false) == 0)
    }

    @Test func pastTheHighWaterMark_ABatchOfAnEighthOfTheFiled_OneTo32() {
        let policy = ReclaimPolicy(capacity: 1_600)
        #expect(policy.reclaimCount(open: 1_500, filed: 800, outOfDescriptors: false) == 32)
        #expect(policy.reclaimCount(open: 1_600, filed: 80, outOfDescriptors: false) == 10)
        #expect(policy.reclaimCount(open: 1_600, filed: 7, outOfDescriptors: false) == 1)
        #expect(policy.reclaimCount(open: 1_600, filed: 1, outOfDescriptors: false) == 1)
        #expect(policy.reclaimCount(open: 1_600, filed: 0, outOfDescriptors: false) == 0)
    }

    @Test func outOfDescriptors_ClosesABatchWhateverTheCount() {
        let policy = ReclaimPolicy(capacity: 16_384)
        #expect(policy.reclaimCount(open: 40, filed: 16, outOfDescriptors: true) == 2)
        #expect(policy.reclaimCount(open: 40, filed: 0, outOfDescriptors: true) == 0)
    }

    @Test func aTinyCapacity_KeepsOneSlotOfHeadroom() {
        #expect(ReclaimPolicy(capacity: 16).highWater == 15)
        #expect(ReclaimPolicy(capacity: 1).highWater == 0)
    }

    @Test func verdict_ClosesOnlyWhatWasIdleEverSinceItWasFiled() {
        let filed = IdleConnections.Entry(id: 1, since: 100)
        #expect(ReclaimPolicy.verdict(filed: filed, state: .idle(since: 100), now: 900) == .close)
        #expect(ReclaimPolicy.verdict(filed: filed, state: .idle(since: 700), now: 900) == .file(since: 700))
        #expect(ReclaimPolicy.verdict(filed: filed, state: .busy, now: 900) == .file(since: 900))
    }

    /// A loop's life on an injected clock: connections accepted over time, some working, some
    /// streaming, one reused after a pause. Rounds of reclaim close the longest idle first and
    /// never a busy one; one that worked since it was filed gets a second chance.
    @Test func rounds_CloseLongestIdleFirst_NeverABusyOne() {
        var list = IdleConnections()
        var state: [UInt64: ReclaimPolicy.State] = [:]
        for id: UInt64 in 1...10 {
            _ = list.append(id, since: Int64(id) * 10)
            state[id] = .idle(since: Int64(id) * 10)
        }
        state[2] = .busy                      // a request in progress
        state[5] = .busy                      // a live event stream
        state[1] = .idle(since: 500)          // answered a request, idle again since t=500
        var closed: [UInt64] = []
        /// One reclaim of `limit` at `now`, as the loop does it (lookahead 4 here).
        func reclaim(_ limit: Int, now: Int64) {
            var examined = 0, done = 0
            while done < limit, examined < limit + 4, let entry = list.popOldest() {
                examined += 1
                switch ReclaimPolicy.verdict(filed: entry, state: state[entry.id]!, now: now) {
                case .file(let since): _ = list.append(entry.id, since: since)
                case .close:
                    closed.append(entry.id)
                    state[entry.id] = nil
                    done += 1
                }
            }
        }
        reclaim(2, now: 1_000)
        #expect(closed == [3, 4])
        reclaim(3, now: 1_010)
        #expect(closed == [3, 4, 6, 7, 8])
        reclaim(10, now: 1_020)
        #expect(closed == [3, 4, 6, 7, 8, 9, 10, 1])
        #expect(list.entries.map(\.id).sorted() == [2, 5])
        // The stream ends and the request is answered: now they go too.
        state[2] = .idle(since: 1_030)
        state[5] = .idle(since: 1_040)
        reclaim(10, now: 1_050)
        reclaim(10, now: 1_060)
        // (Filed again in the order they were looked at, not by their idle times: second-chance
        // order is approximate among connections that worked since they were filed.)
        #expect(Set(closed.suffix(2)) == [2, 5])
        #expect(list.isEmpty)
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
