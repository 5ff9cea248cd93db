import Foundation
import Testing
@testable import CheckoutWeChat

@Suite struct WeChatPayTimeTests {
    @Test func format_WritesChinaStandardTimeWithExplicitOffset() {
        #expect(WeChatPayTime.format(Date(timeIntervalSince1970: 1528425296)) == "2018-06-08T10:34:56+08:00")
        #expect(WeChatPayTime.format(Date(timeIntervalSince1970: 1528425296.9)) == "2018-06-08T10:34:56+08:00")
        #expect(WeChatPayTime.format(Date(timeIntervalSince1970: 0), timeZone: TimeZone(secondsFromGMT: 0)!)
            == "1970-01-01T00:00:00+00:00")
        #expect(WeChatPayTime.format(Date(timeIntervalSince1970: 0), timeZone: TimeZone(secondsFromGMT: -5 * 3600 - 1800)!)
            == "1969-12-31T18:30:00-05:30")
    }

    @Test func parse_ReadsOffsetsAndZuluAndRejectsGarbage() {
        #expect(WeChatPayTime.parse("2018-06-08T10:34:56+08:00") == Date(timeIntervalSince1970: 1528425296))
        #expect(WeChatPayTime.parse("2018-06-08T02:34:56Z") == Date(timeIntervalSince1970: 1528425296))
        #expect(WeChatPayTime.parse("2018-06-08 10:34:56") == nil)
        #expect(WeChatPayTime.parse("") == nil)
    }

    @Test func formatThenParse_RoundTripsWholeSeconds() {
        let date = Date(timeIntervalSince1970: 1_735_689_600 + 12_345)
        #expect(WeChatPayTime.parse(WeChatPayTime.format(date)) == date)
    }
}
