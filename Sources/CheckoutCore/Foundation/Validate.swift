/// Shared input checks; each failure is `invalid_request` naming the field.
enum Validate {
    /// A required text: trimmed of surrounding whitespace, 1…`maxLength` characters, no control characters.
    static func text(_ value: String, param: String, maxLength: Int) throws(CheckoutError) -> String {
        let trimmed = value.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .invalidRequest("\(param) must not be empty.", param: param) }
        return try optionalText(trimmed, param: param, maxLength: maxLength)!
    }

    /// An optional text: nil stays nil; an empty string after trimming becomes nil.
    static func optionalText(_ value: String?, param: String, maxLength: Int) throws(CheckoutError) -> String? {
        guard let trimmed = value?.trimmingWhitespace(), !trimmed.isEmpty else { return nil }
        // A character takes at least one UTF-8 byte: only a longer text needs counting.
        guard trimmed.utf8.count <= maxLength || trimmed.count <= maxLength else {
            throw .invalidRequest("\(param) must be at most \(maxLength) characters.", param: param)
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || $0.value == 0x7F }) else {
            throw .invalidRequest("\(param) contains control characters.", param: param)
        }
        return trimmed
    }

    /// An absolute http(s) URL of at most 2048 characters, or nil.
    static func imageURL(_ value: String?, param: String = "image_url") throws(CheckoutError) -> String? {
        guard let url = try optionalText(value, param: param, maxLength: 2048) else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"),
              !url.contains(where: { $0 == " " || $0 == "\n" || $0 == "\t" }), url.count > 8
        else { throw .invalidRequest("\(param) must be an absolute http(s) URL.", param: param) }
        return url
    }

    static func nonNegative(_ value: Int64, param: String) throws(CheckoutError) -> Int64 {
        guard value >= 0 else { throw .invalidRequest("\(param) must not be negative.", param: param) }
        return value
    }

    static func currency(_ code: String?, param: String = "currency") throws(CheckoutError) -> Currency? {
        guard let code else { return nil }
        guard let currency = Currency(code: code) else {
            throw .invalidRequest("\(param) must be an ISO 4217 currency code.", param: param)
        }
        return currency
    }
}

extension String {
    /// The text without the Unicode whitespace around it.
    package func trimmingWhitespace() -> String {
        // Starting and ending with visible ASCII (never whitespace): nothing to trim, no copy.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
