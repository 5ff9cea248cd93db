import CheckoutCore
import CheckoutTesting
import Foundation
import Testing

/// Mobile QQ in the share counters: a QQ shopper shares into Qzone, friends arrive from QQ's
/// scenes and one pays with QQ Wallet (the sandbox standing in); stats by scene and by channel,
/// and trending in a QQ scene, show them.
@Suite struct QQStatsTests {
    static let qqBrowser = "Mozilla/5.0 (Linux; Android 12; V2046A) AppleWebKit/537.36 Mobile Safari/537.36 QQ/9.0.20.5870 V1_AND_SQ_9.0.20"

    func qqLogin(_ f: ShareFixture, _ code: String) async throws -> String {
        let response = try await f.client.post("/v1/sessions", json: #"{"platform":"qq","code":"\#(code)"}"#)
        #expect((response.json["user"] as? [String: Any])?["platform"] as? String == "qq")
        guard response.status == 201, let token = response.json["token"] as? String else {
            throw TestError("qq login: \(response.status) \(response.text)")
        }
        return token
    }

    @Test func qqScenesAndTheQzoneChannel_ShowInStatsAndTrending() async throws {
        try await ShareFixture.with { f in
            // Payments are stamped by the sandbox's wall clock: run the app's clock from now.
            f.clock.set(Timestamp(Date()))
            let sharer = try await qqLogin(f, "qq-sharer")
            let friend = try await qqLogin(f, "qq-friend")
            let code = try await f.share(sharer, channel: "qzone")
            for (n, scene) in ["2060", "2081", "4008"].enumerated() {
                let click = try await f.click(code, visitor: ShareFixture.visitor(n), scene: scene, userAgent: Self.qqBrowser)
                #expect(click.header("Location") == "/p/\(f.products[0])?share=\(code)&scene=\(scene)")
            }
            let order = try await f.order(friend, shareCode: code, scene: 2060)
            try await f.pay(friend, order, provider: "qpay")

            let byScene = try await f.stats("scene")
            let feed = try #require(byScene["2060"], "rows: \(byScene.keys.sorted())")
            #expect(feed.int("clicks") == 1 && feed.int("orders") == 1 && feed.int("paid_orders") == 1)
            #expect(feed.int("gmv") == 1_500)
            for scene in ["2081", "4008"] {
                #expect(byScene[scene]?.int("clicks") == 1 && byScene[scene]?.int("paid_orders") == 0, "\(scene)")
            }
            let qzone = try #require(try await f.stats("channel")["qzone"])
            #expect(qzone.int("shares") == 1 && qzone.int("clicks") == 3 && qzone.int("unique_visitors") == 3)
            #expect(qzone.int("paid_orders") == 1 && qzone.int("gmv") == 1_500)

            let trending = try await f.client.get("/v1/shops/\(f.shop.id)/trending?scene=2060")
            let top = try #require((trending.json["data"] as? [[String: Any]])?.first, "\(trending.text)")
            #expect((top["product"] as? [String: Any])?["id"] as? String == f.products[0])
            #expect(top.int("score") == 11 && top.int("paid_orders") == 1 && top.int("clicks") == 1, "\(trending.text)")
            let groupPanel = try await f.client.get("/v1/shops/\(f.shop.id)/trending?scene=2081")
            #expect((groupPanel.json["data"] as? [[String: Any]])?.first?.int("score") == 1)
        }
    }
}
