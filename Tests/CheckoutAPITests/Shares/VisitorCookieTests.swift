import CheckoutCore
import Testing
@testable import CheckoutAPI

@Suite struct VisitorCookieTests {
    /// New ids sort in the order they were made (so new visitors' rows append to a link's end of
    /// the `(code, viewer)` B-tree), stay well formed, and differ within one millisecond.
    @Test func newIDsSortByTheirTimeAndAreWellFormedAndUnique() {
        let start = Timestamp(milliseconds: 1_795_514_400_123)
        let times = [0, 1, 61, 3_844, 86_400_000, 31_536_000_000].map { start.adding(milliseconds: $0) }
        let ids = times.map { VisitorCookie.generate(at: $0) }
        #expect(ids == ids.sorted())
        #expect(ids.allSatisfy { VisitorCookie.isWellFormed(Substring($0)) })
        let sameMillisecond = (0..<1_000).map { _ in VisitorCookie.generate(at: start) }
        #expect(Set(sameMillisecond).count == 1_000)
        #expect(Set(sameMillisecond.map { $0.prefix(1 + VisitorCookie.timeLength) }).count == 1)
    }
}
