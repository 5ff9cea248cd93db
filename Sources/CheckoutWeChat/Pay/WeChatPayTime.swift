import Foundation

/// WeChat Pay's time format: RFC 3339 with an explicit offset, e.g. `2018-06-08T10:34:56+08:00`
/// (`create_time`, `success_time`, `time_expire`).
public enum WeChatPayTime {
    /// China Standard Time, the offset the platform writes.
    public static let chinaStandardTime = TimeZone(secondsFromGMT: 8 * 3600)!

    /// `date` as `yyyy-MM-ddTHH:mm:ss+08:00` (whole seconds).
    /// - Parameter timeZone: the offset to write; defaults to +08:00 like the platform.
    public static func format(_ date: Date, timeZone: TimeZone = chinaStandardTime) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let offset = timeZone.secondsFromGMT(for: date)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                        from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let sign = offset < 0 ? "-" : "+"
        let abs = Swift.abs(offset)
        return "\(pad(c.year!, 4))-\(pad(c.month!))-\(pad(c.day!))T\(pad(c.hour!)):\(pad(c.minute!)):\(pad(c.second!))"
            + "\(sign)\(pad(abs / 3600)):\(pad(abs % 3600 / 60))"
    }

    /// Parses an RFC 3339 date-time with `Z` or a numeric offset; `nil` if malformed.
    public static func parse(_ string: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: false).parse(string) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(string)
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
