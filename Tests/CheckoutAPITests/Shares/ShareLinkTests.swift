import CheckoutCore
import CheckoutHTTP
import CheckoutTesting
import Foundation
import Testing

@Suite struct ShareLinkTests {
    @Test(arguments: InProcessApp.Backend.allCases) func aShopperMakesALinkWithAShortCodeAndItsURL(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let token = try await f.commerce.login("sharer")
            let response = try await f.client.post(
                "/v1/share-links", json: #"{"shop_id":"\#(f.shop.id)","product_id":"\#(f.products[0])","channel":"qzone"}"#,
                headers: CommerceFixture.bearer(token))
            #expect(response.status == 201)
            let code = try #require(response.json["code"] as? String)
            #expect(code.utf8.count == 12 && ShareCode.isWellFormed(code))
            #expect(response.json["url"] as? String == "https://shop.example/s/\(code)")
            #expect(response.json["product_id"] as? String == f.products[0])
            #expect(response.json["channel"] as? String == "qzone")
            let other = try await f.share(token)
            #expect(other != code)
            #expect(try await f.myLinks(token)[other]?["channel"] as? String == "other")
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func badInputIsAClearErrorAndStoresNothing(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let token = try await f.commerce.login("sharer")
            let inactive = try await f.commerce.createProduct(f.shop, title: "Old", active: false)
            let other = try await f.commerce.createShop(name: "Other")
            let foreign = try await f.commerce.createProduct(other, title: "Theirs")
            let cases: [(String, String)] = [
                (#"{"shop_id":"\#(f.shop.id)","product_id":"\#(f.products[0])","channel":"weibo"}"#, "channel"),
                (#"{"shop_id":"\#(f.shop.id)","product_id":"\#(inactive)"}"#, "product_id"),
                (#"{"shop_id":"\#(f.shop.id)","product_id":"\#(foreign)"}"#, "product_id"),
                (#"{"shop_id":"shop_nope","product_id":"\#(f.products[0])"}"#, "shop_id"),
                (#"{"shop_id":"\#(f.shop.id)"}"#, "product_id"),
                (#"{"shop_id":"\#(f.shop.id)","product_id":7}"#, "product_id"),
            ]
            for (body, param) in cases {
                let response = try await f.client.post("/v1/share-links", json: body, headers: CommerceFixture.bearer(token))
                #expect(response.status == 400, "\(body)")
                #expect(response.errorCode == "invalid_request")
                #expect(response.errorParam == param, "\(body): \(response.text)")
            }
            #expect(try await f.myLinks(token).isEmpty)
            let asShop = try await f.client.post("/v1/share-links", json: cases[0].0, headers: f.shop.auth)
            #expect(asShop.status == 403)
            #expect(try await f.client.post("/v1/share-links", json: cases[0].0).status == 401)
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func aClickRedirectsSetsTheVisitorCookieAndCounts(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let token = try await f.commerce.login("sharer")
            let code = try await f.share(token, channel: "group")
            let response = try await f.client.get("/s/\(code)?scene=1008", headers: ["User-Agent": "Mozilla/5.0"])
            #expect(response.status == 302)
            // The scene rides along, so the page can send it with the order.
            #expect(response.header("Location") == "/p/\(f.products[0])?share=\(code)&scene=1008")
            #expect(response.header("Cache-Control") == "no-store")
            let cookie = try #require(response.header("Set-Cookie"))
            #expect(cookie.hasPrefix("cc_vid=v"))
            for attribute in ["Path=/", "Max-Age=31536000", "HttpOnly", "SameSite=Lax"] { #expect(cookie.contains(attribute)) }
            let visitor = String(cookie.dropFirst("cc_vid=".count).prefix(23))
            // The same visitor again within the hour: answered, not a new click.
            let again = try await f.click(code, visitor: visitor)
            #expect(again.status == 302)
            #expect(again.header("Set-Cookie") == nil)
            let link = try #require(try await f.myLinks(token)[code])
            #expect(link.int("clicks") == 1)
            #expect(link.int("unique_visitors") == 1)
            #expect(try await f.stats("scene")["1008"]?.int("clicks") == 1)
            // An hour later it is a click again, not a new visitor.
            f.clock.advance(seconds: 3600)
            try await f.click(code, visitor: visitor)
            #expect(try await f.myLinks(token)[code]?.int("clicks") == 2)
            #expect(try await f.myLinks(token)[code]?.int("unique_visitors") == 1)
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func headCrawlersAndPreviewsAreAnsweredButNotCounted(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let token = try await f.commerce.login("sharer")
            let code = try await f.share(token)
            let head = try await f.client.execute(.head, "/s/\(code)")
            #expect(head.status == 302)
            for agent in ["Mozilla/5.0 (compatible; Googlebot/2.1)", "facebookexternalhit/1.1", "TelegramBot (like TwitterBot)",
                          "WhatsApp/2.23.20.0", "Mozilla/5.0 (compatible; Baiduspider/2.0)"] {
                #expect(try await f.click(code, userAgent: agent).status == 302)
            }
            #expect(try await f.myLinks(token)[code]?.int("clicks") == 0)
            let metrics = try await f.client.get("/metrics")
            #expect(metrics.text.contains(#"checkout_share_clicks_total{outcome="crawler"} 5"#))
            #expect(metrics.text.contains(#"checkout_share_clicks_total{outcome="head"} 1"#))
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func theJSONVariantAnswersTheProductAndIsAClick(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let token = try await f.commerce.login("sharer")
            let code = try await f.share(token, product: 1)
            let response = try await f.client.get("/s/\(code)", headers: ["Accept": "application/json"])
            #expect(response.status == 200)
            #expect(response.json["code"] as? String == code)
            #expect((response.json["product"] as? [String: Any])?["id"] as? String == f.products[1])
            #expect(try await f.myLinks(token)[code]?.int("clicks") == 1)
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func anUnknownCodeIsAPageForBrowsersAndTheJSONErrorForJSONCallers(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            for code in ["ZZZZZZZZZZZZ", "short", "has-dash-1234", String(repeating: "a", count: 40)] {
                let page = try await f.client.get("/s/\(code)", headers: ["Accept": "text/html"])
                #expect(page.status == 404)
                #expect(page.mediaType == "text/html")
                #expect(page.text.contains("<html"))
                let json = try await f.client.get("/s/\(code)", headers: ["Accept": "application/json"])
                #expect(json.status == 404)
                #expect(json.errorCode == "not_found")
            }
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func aSceneThatIsNotFourDigitsIsRecordedAsNone(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let token = try await f.commerce.login("sharer")
            let code = try await f.share(token)
            for (n, scene) in ["abc", "99999", "-1008", "1008"].enumerated() {
                let click = try await f.click(code, visitor: ShareFixture.visitor(n), scene: scene)
                #expect(click.status == 302)
                // Only a valid scene is passed on to the page.
                let expected = "/p/\(f.products[0])?share=\(code)" + (scene == "1008" ? "&scene=1008" : "")
                #expect(click.header("Location") == expected)
            }
            #expect(try await f.click(code, visitor: ShareFixture.visitor(9)).header("Location") == "/p/\(f.products[0])?share=\(code)")
            let byScene = try await f.stats("scene")
            #expect(byScene["none"]?.int("clicks") == 4)
            #expect(byScene["1008"]?.int("clicks") == 1)
        }
    }

    @Test(arguments: InProcessApp.Backend.allCases) func clicksAreRateLimitedPerAddress(_ backend: InProcessApp.Backend) async throws {
        try await ShareFixture.with(backend) { f in
            let token = try await f.commerce.login("sharer")
            let code = try await f.share(token)
            for n in 0..<100 { #expect(try await f.click(code, visitor: ShareFixture.visitor(n)).status == 302) }
            let limited = try await f.click(code, visitor: ShareFixture.visitor(100))
            #expect(limited.status == 429)
            #expect(limited.errorCode == "rate_limited")
            #expect(Int(limited.header("Retry-After") ?? "") ?? 0 >= 1)
            #expect(try await f.myLinks(token)[code]?.int("clicks") == 100)
            f.clock.advance(seconds: 1)
            #expect(try await f.click(code, visitor: ShareFixture.visitor(101)).status == 302)
        }
    }
}
