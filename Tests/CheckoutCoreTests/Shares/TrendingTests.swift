import Testing
@testable import CheckoutCore

@Suite struct TrendingTests {
    @Test func scoreIsTenPerPaidOrderPlusClicksTiesByProductID() {
        let ranked = Trending.rank([
            TrendingEntry(productID: "prod_c", clicks: 25, paidOrders: 0),
            TrendingEntry(productID: "prod_b", clicks: 5, paidOrders: 2),
            TrendingEntry(productID: "prod_a", clicks: 15, paidOrders: 1),
            TrendingEntry(productID: "prod_d", clicks: 1, paidOrders: 0),
        ], limit: 3)
        #expect(ranked.map(\.productID) == ["prod_a", "prod_b", "prod_c"])
        #expect(ranked.map(\.score) == [25, 25, 25])
    }

    @Test func theLast24HoursAreTheCurrentHourAndThe23Before() {
        let now = Timestamp(rfc3339: "2026-11-24T10:30:00Z")!
        let hours = Trending.hours(at: now)
        #expect(hours.count == 24)
        #expect(hours.upperBound == StatsHour.of(now))
    }

    @Test func limitIsOneToFiftyDefaultTen() throws {
        #expect(try Trending.limit(nil) == 10)
        #expect(try Trending.limit("50") == 50)
        for bad in ["0", "51", "-1", "x", ""] {
            #expect(throws: CheckoutError.self) { try Trending.limit(bad) }
        }
    }
}
