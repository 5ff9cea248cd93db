import Foundation

/// QQ Wallet's times: `yyyyMMddHHmmss` in Beijing time (UTC+8).
public enum QPayTime {
    static let beijing = TimeZone(secondsFromGMT: 8 * 3600)!

    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = beijing
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return String(format: "%04d", c.year ?? 0) + two(c.month) + two(c.day) + two(c.hour) + two(c.minute) + two(c.second)
    }

    /// The date of a `yyyyMMddHHmmss` text, or nil when it is not one.
    public static func parse(_ text: String) -> Date? {
        let digits = Array(text.utf8)
        guard digits.count == 14, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        func number(_ from: Int, _ count: Int) -> Int { Int(String(decoding: digits[from..<from + count], as: UTF8.self)) ?? 0 }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = beijing
        let components = DateComponents(year: number(0, 4), month: number(4, 2), day: number(6, 2),
                                        hour: number(8, 2), minute: number(10, 2), second: number(12, 2))
        guard let date = calendar.date(from: components), format(date) == text else { return nil }
        return date
    }
}
