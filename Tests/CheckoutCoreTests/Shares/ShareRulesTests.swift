import Testing
@testable import CheckoutCore

@Suite struct ShareRulesTests {
    @Test func channelsAreTheSixOfTheContractAndDefaultToOther() throws {
        #expect(try ShareChannel.parse(nil) == .other)
        for name in ["chat", "group", "moments", "qzone", "qr", "other"] {
            #expect(try ShareChannel.parse(name).rawValue == name)
        }
        for bad in ["", "Chat", "wechat", "qzone ", "weibo"] {
            let error = #expect(throws: CheckoutError.self) { try ShareChannel.parse(bad) }
            #expect(error?.code == .invalidRequest)
            #expect(error?.param == "channel")
        }
    }

    @Test func scenesAreFourDigitNumbersElseNone() {
        for good in ["1000", "1007", "1008", "1044", "2003", "2009", "4008", "9999"] {
            #expect(ChatScene.parse(good) == Int(good))
        }
        for bad in [nil, "", "999", "10000", "0999", "-1007", "+1007", "1007 ", "１００７", "abcd", "10.7"] as [String?] {
            #expect(ChatScene.parse(bad) == nil)
        }
        #expect(ChatScene.normalize(1008) == 1008)
        #expect(ChatScene.normalize(999_999) == nil)
        #expect(ChatScene.normalize(nil) == nil)
        for qq in [2003, 2009, 2060, 2010, 2062, 2080, 2081, 4007, 4008, 1007, 1008, 1044, 1036] {
            #expect(ChatScene.known[qq] != nil)
        }
    }

    @Test func codesAreTwelveBase62CharactersAndDoNotRepeat() {
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let code = ShareCode.generate()
            #expect(code.utf8.count == 12)
            #expect(ShareCode.isWellFormed(code))
            seen.insert(code)
        }
        #expect(seen.count == 10_000)
        // Fits a mini-program code's 32-character scene with "share=" and more.
        #expect(("share=" + ShareCode.generate()).utf8.count <= 32)
    }

    @Test func codesUseEverySymbolRoughlyEvenly() {
        var counts = [UInt8: Int]()
        for _ in 0..<5_000 { for byte in ShareCode.generate().utf8 { counts[byte, default: 0] += 1 } }
        #expect(counts.count == 62)
        // 60,000 symbols: about 968 each; a biased generator would be far off.
        #expect(counts.values.allSatisfy { (700...1250).contains($0) })
    }

    @Test func malformedCodesAreRejectedBeforeAnyLookup() {
        for bad in ["", "abc", "abcdefg", "abcdefghijklm", "abcd-efgh", "abcd efgh", "abcdéfgh", "../etc/pw"] {
            #expect(!ShareCode.isWellFormed(bad))
        }
        #expect(ShareCode.isWellFormed("abcdEFGH"))
        #expect(ShareCode.isWellFormed("abcdEFGH1234"))
    }

    @Test func statsGroupByIsOneOfFive() throws {
        for name in ["channel", "scene", "sharer", "product", "hour"] {
            #expect(try StatsDimension.parse(name).rawValue == name)
        }
        for bad in [nil, "", "day", "Channel"] as [String?] {
            let error = #expect(throws: CheckoutError.self) { try StatsDimension.parse(bad) }
            #expect(error?.param == "group_by")
        }
    }

    @Test func hourBucketsAndTheBusinessDayInChinaStandardTime() {
        let t = Timestamp(rfc3339: "2026-11-24T10:59:59Z")!
        #expect(StatsHour.of(t) == t.seconds / 3600)
        #expect(StatsHour.of(Timestamp(rfc3339: "2026-11-24T11:00:00Z")!) == StatsHour.of(t) + 1)
        // 10:59 UTC is 18:59 in Beijing: the day began at 16:00 UTC the day before.
        #expect(StatsHour.startOfDay(t) == Timestamp(rfc3339: "2026-11-23T16:00:00Z")!)
        #expect(StatsHour.startOfDay(Timestamp(rfc3339: "2026-11-24T16:00:00Z")!) == Timestamp(rfc3339: "2026-11-24T16:00:00Z")!)
        #expect(StatsHour.startOfDay(Timestamp(rfc3339: "2026-11-24T15:59:59Z")!) == Timestamp(rfc3339: "2026-11-23T16:00:00Z")!)
        #expect(StatsKeys(channel: .qzone, scene: 2003, sharerID: "usr_a", productID: "prod_b").key(.hour, hour: 490_420)
                == "2025-12-12T04:00:00Z")
    }

    @Test func conversionIsPaidOrdersOverUniqueVisitors() {
        #expect(ShareCounters().conversion == 0)
        #expect(ShareCounters(uniqueVisitors: 4, paidOrders: 1).conversion == 0.25)
        let sum = ShareCounters(shares: 1, clicks: 2, uniqueVisitors: 3, orders: 4, paidOrders: 5, gmv: 6, refunded: 7)
            + ShareCounters(shares: 1, clicks: 1, uniqueVisitors: 1, orders: 1, paidOrders: 1, gmv: 1, refunded: 1)
        #expect(sum == ShareCounters(shares: 2, clicks: 3, uniqueVisitors: 4, orders: 5, paidOrders: 6, gmv: 7, refunded: 8))
    }
}
