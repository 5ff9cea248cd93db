import CheckoutCore
import CheckoutHTTP

/// The merchant's view of sharing: `GET /v1/stats`, the live stream `GET /v1/stats/live` and
/// its tokens, and the public `GET /v1/shops/{shop_id}/trending`.
struct StatsController: APIController {
    let context: ShareContext

    func addRoutes(to routes: APIRoutes) {
        routes.add(APIOperation(
            .get, "/v1/stats",
            summary: "The shop's share counters grouped by channel, scene, sharer, product or hour. from/to (RFC 3339) select whole hour buckets that start in [from, to); without them, all time. unique_visitors counts (viewer, link) pairs by their first click; orders, paid_orders, gmv and refunded count orders credited to a link; conversion = paid_orders / unique_visitors. Costs O(rows answered).",
            tag: "Stats", auth: [.shop],
            query: [
                .init("group_by", Schema.enumeration(StatsDimension.allCases.map(\.rawValue)), "The dimension.", required: true),
                .init("from", Schema.timestamp, "Window start (inclusive), RFC 3339."),
                .init("to", Schema.timestamp, "Window end (exclusive), RFC 3339."),
            ],
            answers: [.init(200, "One row per key; key null for none.", schema: Schema.ref("StatsList"))])) { request in
            let shop = try await context.authenticator.requireShop(request)
            let query = request.queryItems
            let rows = try await context.shares.stats(shopID: shop.id, groupBy: query["group_by"], from: query["from"],
                                                      to: query["to"])
            return try .encode(WholeList(data: rows.map(StatsRowBody.init)))
        }
        routes.add(APIOperation(
            .post, "/v1/stats/live-tokens",
            summary: "A token that opens GET /v1/stats/live and nothing else, valid 10 minutes: as ?token= (EventSource sends no headers) or as Authorization: Bearer (a page that reads the stream with fetch, so that neither the shop key nor a token rides in a URL).",
            tag: "Stats", auth: [.shop], idempotency: .accepted,
            answers: [.init(201, "The token.", schema: Schema.ref("LiveToken"))])) { request in
            let shop = try await context.authenticator.requireShop(request)
            return try await context.gate.run(request, caller: .shop(shop), required: false, respond: {
                try .encode(LiveTokenBody(token: $0.token, expiresAt: $0.expiresAt), status: .created)
            }) { commit in
                try await context.shares.liveTokens.issue(shopID: shop.id, commit: commit)
            }
        }
        routes.add(APIOperation(
            .get, "/v1/stats/live",
            summary: "Server-sent events: `counters` ({window: {last_60s, today}}, today from midnight China Standard Time) about every second, `order_paid` ({order_id, amount_total, share_code, scene, sharer, paid_at}) for each payment, each with an id; a comment at least every 15 s. Last-Event-ID replays the paid orders missed since that id (the last 1,000 at most). Opened with the shop key, or with a live token from POST /v1/stats/live-tokens in ?token= or as Authorization: Bearer.",
            tag: "Stats", auth: [.shop],
            query: [.init("token", Schema.string, "A live token, for clients that cannot send an Authorization header.")],
            answers: [.init(200, "The event stream; each event as its fields.", schema: Schema.ref("LiveEvent"),
                            contentType: "text/event-stream")])) { request in
            let shopID: String
            if let token = try request.queryItems["token"] ?? Self.liveBearer(request) {
                shopID = try await context.shares.liveTokens.shopID(for: token)
            } else {
                shopID = try await context.authenticator.requireShop(request).id
            }
            let stream = try await context.hub.subscribe(shopID: shopID, lastEventID: request.headers["Last-Event-ID"])
            return Response(status: .ok, headers: [
                "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-store",
                "X-Accel-Buffering": "no",
            ], body: .stream(stream))
        }
        routes.add(APIOperation(
            .get, "/v1/shops/{shop_id}/trending",
            summary: "The shop's active products by score = 10 × paid orders + share clicks over the last 24 hours (the current hour and the 23 before), in one scene when given; ties by product id.",
            tag: "Stats",
            query: [
                .init("scene", Schema.integer(1000...9999), "Only clicks and paid orders from this scene."),
                .init("limit", Schema.integer(1...50), "How many, 1–50 (default 10)."),
            ],
            answers: [.init(200, "Best first.", schema: Schema.ref("TrendingList"))], errors: [404])) { request in
            let shopID = try request.pathID("shop_id")
            let query = request.queryItems
            let ranked = try await context.shares.trending(shopID: shopID, scene: query["scene"], limit: query["limit"])
            return try .encode(TrendingList(data: ranked.map { TrendingBody(product: $0.0, entry: $0.1) }))
        }
    }
}

extension StatsController {
    /// A live token sent as `Authorization: Bearer lt_…` (what the dashboard does), nil for any other bearer.
    static func liveBearer(_ request: Request) throws(APIError) -> String? {
        guard let token = try Authenticator.bearerToken(request.headers), token.hasPrefix(LiveTokens.prefix) else { return nil }
        return token
    }
}

/// `POST /v1/stats/live-tokens` answer.
struct LiveTokenBody: Encodable {
    var token: String
    var expiresAt: Timestamp

    enum CodingKeys: String, CodingKey {
        case token
        case expiresAt = "expires_at"
    }
}

/// `{data: [...]}` of trending.
struct TrendingList: Encodable {
    var data: [TrendingBody]
}
