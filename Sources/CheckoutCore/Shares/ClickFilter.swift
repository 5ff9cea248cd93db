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

    /// Whether `userAgent` is a known crawler or link-preview fetcher.
    public static func isCrawler(_ userAgent: String) -> Bool {
        let lower = userAgent.lowercased()
        if markers.contains(where: { lower.contains($0) }) { return true }
        let words = lower.split { !($0.isLetter || $0.isNumber) }
        return words.contains { word in
            !notBots.contains(String(word)) && suffixes.contains { word.hasSuffix($0) }
        }
    }
}
