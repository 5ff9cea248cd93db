import Foundation
import Testing
@testable import CheckoutCore

@Suite struct TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (1_795_514_400, "2026-11-24T10:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (4_107_542_399, "2100-02-28T23:59:59Z"),
        (-1, "1969-12-31T23:59:59Z"),
    ])
    func formatsRFC3339UTC(seconds: Int64, text: String) {
        #expect(Timestamp(seconds: seconds).rfc3339 == text)
        #expect(Timestamp(rfc3339: text) == Timestamp(seconds: seconds))
    }

    @Test func formattingAgreesWithFoundationOverManyDates() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        for seconds in stride(from: Int64(-2_000_000_000), to: 5_000_000_000, by: 9_876_543) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(Timestamp(seconds: seconds).rfc3339 == formatter.string(from: date))
            var bytes: [UInt8] = []
            Timestamp(seconds: seconds).appendRFC3339(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == formatter.string(from: date))
        }
    }

    /// The byte writer behind JSON gives the same text, after what was already there, and the
    /// general form takes over outside the years 0...9999.
    @Test(arguments: [Int64(-62_167_219_201), -62_167_219_200, 0, -86_401, 253_402_300_799, 253_402_300_800])
    func appendingBytesMatchesTheString(seconds: Int64) {
        var bytes = Array("x".utf8)
        Timestamp(seconds: seconds).appendRFC3339(to: &bytes)
        #expect(bytes == Array(("x" + Timestamp(seconds: seconds).rfc3339).utf8))
    }

    /// The four-digit fast path (unsigned, shifted by an era) agrees with the general form over
    /// the whole range of years 0...9999, its ends, and the days around every leap day.
    @Test func theFourDigitPathAgreesWithTheGeneralFormOverEveryYear() {
        // A prime step lands on every time of day over the 20,000 points.
        var seconds = Array(stride(from: RFC3339.firstFourDigitSecond, through: RFC3339.lastFourDigitSecond,
                                   by: 15_778_469))
        seconds.append(RFC3339.lastFourDigitSecond)
        for year in stride(from: Int64(0), through: 9996, by: 4) {
            let leapDay = RFC3339.days(fromCivil: year, 2, 28) * 86_400
            for offset in [-1, 0, 86_399, 86_400, 172_799, 172_800] as [Int64] { seconds.append(leapDay + offset) }
        }
        for value in seconds {
            #expect(Timestamp(seconds: value).rfc3339 == RFC3339.wideFormat(seconds: value), "\(value)")
        }
    }

    @Test func yearsOutsideFourDigitsKeepTheGeneralForm() {
        #expect(Timestamp(seconds: -62_167_219_200).rfc3339 == "0000-01-01T00:00:00Z")
        #expect(Timestamp(seconds: 253_402_300_799).rfc3339 == "9999-12-31T23:59:59Z")
        #expect(Timestamp(seconds: 253_402_300_800).rfc3339 == "10000-01-01T00:00:00Z")
        #expect(Timestamp(seconds: -62_167_219_201).rfc3339.hasSuffix("-12-31T23:59:59Z"))
    }

    @Test func secondPrecisionTruncatesMilliseconds() {
        #expect(Timestamp(milliseconds: 1_795_514_400_999).rfc3339 == "2026-11-24T10:00:00Z")
    }

    @Test func parsesOffsetsAndFractions() {
        #expect(Timestamp(rfc3339: "2026-11-24T18:00:00+08:00") == Timestamp(seconds: 1_795_514_400))
        #expect(Timestamp(rfc3339: "2026-11-24T10:00:00.250Z")?.milliseconds == 1_795_514_400_250)
    }

    @Test(arguments: ["", "2026-11-24", "2026-11-24T10:00:00", "2026-13-01T00:00:00Z",
                      "2026-02-30T00:00:00Z", "2026-11-24T10:00:00.Z", "2026-11-24T10:00:00+0800",
                      "2026-11-24 10:00:00Z", "2026-11-24T10:00:00Zjunk"])
    func rejectsMalformedText(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func encodesAsAJSONString() throws {
        let data = try JSONEncoder().encode([Timestamp(seconds: 1_795_514_400)])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-11-24T10:00:00Z"]"#)
        #expect(try JSONDecoder().decode([Timestamp].self, from: data) == [Timestamp(seconds: 1_795_514_400)])
    }

    @Test func manualClockStartsAtTheContractExampleAndAdvances() {
        let clock = ManualClock()
        #expect(clock.now().rfc3339 == "2026-11-24T10:00:00Z")
        clock.advance(seconds: 901)
        #expect(clock.now().rfc3339 == "2026-11-24T10:15:01Z")
    }
}
