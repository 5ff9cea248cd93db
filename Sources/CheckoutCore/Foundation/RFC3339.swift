/// RFC 3339 formatting and parsing on the proleptic Gregorian calendar, without Foundation
/// formatters (thread-safe, allocation-light).
enum RFC3339 {
    /// The most bytes `write(seconds:to:)` writes (any `Int64` of milliseconds needs at most 26).
    static let maximumLength = 32

    /// `yyyy-MM-ddTHH:mm:ssZ` for whole seconds since the epoch.
    static func format(seconds: Int64) -> String {
        String(unsafeUninitializedCapacity: maximumLength) { write(seconds: seconds, to: $0.baseAddress.unsafelyUnwrapped) }
    }

    /// Appends what `format(seconds:)` returns to `bytes`, without making a `String`.
    static func append(seconds: Int64, to bytes: inout [UInt8]) {
        bytes.append(addingCapacity: maximumLength) { span in
            span.withUnsafeMutableBufferPointer { buffer, count in
                count += write(seconds: seconds, to: buffer.baseAddress.unsafelyUnwrapped + count)
            }
        }
    }

    /// Writes what `format(seconds:)` returns at `out`, which has room for `maximumLength`
    /// bytes; returns the number written (20 for the years 0...9999).
    ///
    /// Those years are computed in unsigned arithmetic (cheaper division by constants) from the
    /// seconds since 0000-01-01, shifted by one 400-year era so the March-based year of
    /// `civil(fromDays:)` never goes below zero; digits are written two at a time.
    static func write(seconds: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard seconds >= firstFourDigitSecond, seconds <= lastFourDigitSecond else {
            var text = wideFormat(seconds: seconds)
            return text.withUTF8 { utf8 in
                let count = min(utf8.count, maximumLength)
                out.update(from: utf8.baseAddress.unsafelyUnwrapped, count: count)
                return count
            }
        }
        let sinceYearZero = UInt64(seconds - firstFourDigitSecond)
        let secondOfDay = sinceYearZero % 86_400
        // Days since 0000-03-01 plus one era (146,097 days); 0000-01-01 is 60 days before March.
        let z = sinceYearZero / 86_400 + 146_097 - 60
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0) - 400
        @inline(__always) func pair(_ value: UInt64, at index: Int) {
            out[index] = UInt8(truncatingIfNeeded: 48 + value / 10)
            out[index + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
        }
        pair(year / 100, at: 0)
        pair(year % 100, at: 2)
        out[4] = UInt8(ascii: "-")
        pair(month, at: 5)
        out[7] = UInt8(ascii: "-")
        pair(day, at: 8)
        out[10] = UInt8(ascii: "T")
        pair(secondOfDay / 3600, at: 11)
        out[13] = UInt8(ascii: ":")
        pair(secondOfDay / 60 % 60, at: 14)
        out[16] = UInt8(ascii: ":")
        pair(secondOfDay % 60, at: 17)
        out[19] = UInt8(ascii: "Z")
        return 20
    }

    /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the four-digit years.
    static let firstFourDigitSecond: Int64 = -62_167_219_200
    static let lastFourDigitSecond: Int64 = 253_402_300_799

    /// The general form, for years outside 0...9999 (negative or five-digit years).
    static func wideFormat(seconds: Int64) -> String {
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        var out = ""
        out.reserveCapacity(20)
        out += pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        out += "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2)
        out += ":" + pad(secondOfDay % 60, 2) + "Z"
        return out
    }

    /// Milliseconds since the epoch, or nil when `text` is not an RFC 3339 date-time.
    static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x74,
              b[13] == 0x3A, b[16] == 0x3A,
              let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
              let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var millis: Int64 = 0
        if b[i] == 0x2E {  // fraction: keep milliseconds, ignore the rest
            i += 1
            var scale: Int64 = 100
            let start = i
            while i < b.count, (0x30...0x39).contains(b[i]) {
                millis += Int64(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset: Int64 = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D {
            guard b.count == i + 6, b[i + 3] == 0x3A,
                  let oh = digits(b, i + 1, 2), let om = digits(b, i + 4, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 60 + om) * 60 * (b[i] == 0x2D ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = days(fromCivil: year, month, day)
        let secs = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        return secs * 1000 + millis
    }

    private static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for i in start..<(start + count) {
            guard (0x30...0x39).contains(b[i]) else { return nil }
            value = value * 10 + Int64(b[i] - 0x30)
        }
        return value
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a - b + 1) / b
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's `civil_from_days`.
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Howard Hinnant's `days_from_civil`.
    static func days(fromCivil y0: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? y0 - 1 : y0
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
