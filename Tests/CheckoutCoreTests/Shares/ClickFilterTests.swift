import Testing
@testable import CheckoutCore

@Suite struct ClickFilterTests {
    static let crawlers = [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
        "Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)",
        "Mozilla/5.0 (compatible; 360Spider)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Twitterbot/1.0", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "TelegramBot (like TwitterBot)", "WhatsApp/2.23.20.0", "Discordbot/2.0",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) SkypeUriPreview Preview/0.5",
        "python-requests/2.31.0", "Go-http-client/1.1", "okhttp/4.12.0",
    ]
    static let people = [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.43(0x18002b2c) NetType/WIFI Language/zh_CN",
        "Mozilla/5.0 (Linux; Android 13; V2183A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/109.0 Mobile Safari/537.36 QQ/8.9.80.12440 V1_AND_SQ_8.9.80",
        "Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36",
        "curl/7.88.1", "",
    ]

    @Test(arguments: crawlers) func crawlersAndPreviewsAreNotCounted(userAgent: String) {
        #expect(ClickFilter.skipReason(isHead: false, userAgent: userAgent) == .crawler)
    }

    @Test(arguments: people) func browsersOfPeopleAreCounted(userAgent: String) {
        #expect(ClickFilter.skipReason(isHead: false, userAgent: userAgent) == nil)
    }

    @Test func headIsNeverCountedAndNoUserAgentIsAPerson() {
        #expect(ClickFilter.skipReason(isHead: true, userAgent: Self.people[0]) == .head)
        #expect(ClickFilter.skipReason(isHead: false, userAgent: nil) == nil)
    }

    /// The byte scan answers exactly as the `String` rule on thousands of generated User-Agents
    /// built from markers, bot words, near misses, separators and cases.
    @Test func theByteScanAgreesWithTheTextRule() {
        let pieces = ClickFilter.markers + ["bot", "Bot", "SPIDER", "crawler", "cubot", "CUBOT", "robot", "botx", "bo",
                                            "spide", "Mozilla/5.0", "(", ")", ";", " ", "/", "-", "_", "+", "1.0", "x64",
                                            "WhatsAp", "okhtt", "Go-http", "python", "360", "Bytes", "FaceBookExternalHit"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<5_000 {
            let userAgent = (0..<(1 + next(8))).map { _ in pieces[next(pieces.count)] }.joined()
            #expect(ClickFilter.isCrawler(userAgent) == ClickFilter.isCrawlerText(userAgent), "\(userAgent)")
        }
        for userAgent in Self.crawlers + Self.people + ["微信bot", "Mozilla 微信", "Ｇｏｏｇｌｅｂｏｔ", "naïvebot"] {
            #expect(ClickFilter.isCrawler(userAgent) == ClickFilter.isCrawlerText(userAgent), "\(userAgent)")
        }
    }
}
