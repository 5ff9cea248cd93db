/// Which requests for `GET /s/{code}` are people: a HEAD request or a known crawler or
/// link-preview User-Agent is answered but never counted.
public enum ClickFilter {
    /// Why a request is not counted.
    public enum Skip: String, Hashable, Sendable, CaseIterable {
        case head, crawler
    }

    /// Lowercase fragments of fetchers whose names do not end in bot/spider/crawler: chat and
    /// social link previews, HTTP libraries. Headless browsers are not on it: they also run
    /// real shoppers' automation and our own browser tests.
    static let markers: [String] = [
        "facebookexternalhit", "facebookcatalog", "whatsapp", "skypeuripreview", "bingpreview", "embedly",
        "quora link preview", "pinterest", "vkshare", "w3c_validator", "slurp",
        "python-requests", "python-urllib", "go-http-client", "okhttp", "node-fetch", "axios/", "scrapy",
        "google-inspectiontool", "ia_archiver", "mediapartners-google",
    ]

    /// Words ending like this name a bot (`Googlebot`, `Baiduspider`, `360Spider`, `Bytespider`).
    static let suffixes = ["bot", "spider", "crawler"]
    /// Words that end so but are phones or browsers.
    static let notBots: Set<String> = ["cubot"]

    /// Why the request is not a person's click, or nil when it is.
    public static func skipReason(isHead: Bool, userAgent: String?) -> Skip? {
        if isHead { return .head }
        if let userAgent, isCrawler(userAgent) { return .crawler }
        return nil
    }

    /// Whether `userAgent` is a known crawler or link-preview fetcher. Every click asks this, so
    /// ASCII (nearly every User-Agent) is scanned as bytes; other text takes the `String` path.
    public static func isCrawler(_ userAgent: String) -> Bool {
        var lower = Array(userAgent.utf8)
        for index in lower.indices {
            let byte = lower[index]
            if byte >= 0x80 { return isCrawlerText(userAgent) }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { lower[index] = byte | 0x20 }
        }
        if asciiMarkers.contains(where: { occurs($0, in: lower) }) { return true }
        var start = 0
        for end in 0...lower.count where end == lower.count || !isAlphanumeric(lower[end]) {
            if end > start, isBotWord(lower[start..<end]) { return true }
            start = end + 1
        }
        return false
    }

    static let asciiMarkers = markers.map { Array($0.utf8) }
    static let asciiSuffixes = suffixes.map { Array($0.utf8) }
    static let asciiNotBots = notBots.map { Array($0.utf8) }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isBotWord(_ word: ArraySlice<UInt8>) -> Bool {
        asciiSuffixes.contains { word.count >= $0.count && word.suffix($0.count).elementsEqual($0) }
            && !asciiNotBots.contains { word.elementsEqual($0) }
    }

    /// Whether `pattern` occurs in `text` (a plain scan: both are short).
    private static func occurs(_ pattern: [UInt8], in text: [UInt8]) -> Bool {
        guard let first = pattern.first, pattern.count <= text.count else { return pattern.isEmpty }
        var index = 0
        while index <= text.count - pattern.count {
            if text[index] == first && text[index..<(index + pattern.count)].elementsEqual(pattern) { return true }
            index += 1
        }
        return false
    }

    /// The same rule on any text: lowercased, split into words of letters and digits.
    static func isCrawlerText(_ userAgent: String) -> Bool {
        let lower = userAgent.lowercased()
        if markers.contains(where: { lower.contains($0) }) { return true }
        let words = lower.split { !($0.isLetter || $0.isNumber) }
        return words.contains { word in
            !notBots.contains(String(word)) && suffixes.contains { word.hasSuffix($0) }
        }
    }
}
