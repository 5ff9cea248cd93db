/// Share links, clicks, stats and trending (API.md "Share links and live attribution").
/// Orders and payments credit links inside their own stores' transactions.
public struct ShareService: Sendable {
    let store: any ShareStore
    let catalog: CatalogService
    let clock: any Clock
    /// Receives every committed event (live streams listen there).
    public let bus: any ShareEventBus
    public let metrics: ShareMetrics
    public let liveTokens: LiveTokens
    /// `CHECKOUT_PUBLIC_URL` without a trailing slash: the base of share URLs.
    public let publicURL: String

    public init(store: any ShareStore, catalog: CatalogService, clock: any Clock, bus: any ShareEventBus,
                publicURL: String, metrics: ShareMetrics = ShareMetrics()) {
        self.store = store
        self.catalog = catalog
        self.clock = clock
        self.bus = bus
        self.metrics = metrics
        self.liveTokens = LiveTokens(store: store, clock: clock)
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// `CHECKOUT_PUBLIC_URL/s/{code}`.
    public func url(code: String) -> String { "\(publicURL)/s/\(code)" }

    /// Makes a link for the shopper to share `productID` of `shopID`.
    /// - Throws: `invalid_request` for a bad channel (`channel`), an unknown shop (`shop_id`) or a
    ///   product that is not an active product of the shop (`product_id`).
    public func createLink(sharerID: String, shopID: String, productID: String, channel: String?) async throws -> ShareLink {
        try await createLink(sharerID: sharerID, shopID: shopID, productID: productID, channel: channel, commit: nil).get()
    }

    /// `createLink` under an Idempotency-Key: the link and the key's answer commit together.
    public func createLink(sharerID: String, shopID: String, productID: String, channel: String?,
                           commit: IdempotentCommit<ShareLink>?) async throws -> IdempotentOutcome<ShareLink> {
        let channel = try ShareChannel.parse(channel)
        guard (1...64).contains(shopID.utf8.count) else {
            throw CheckoutError.invalidRequest("shop_id is not a valid id.", param: "shop_id")
        }
        guard (1...64).contains(productID.utf8.count) else {
            throw CheckoutError.invalidRequest("product_id is not a valid id.", param: "product_id")
        }
        let link = ShareLink(code: ShareCode.generate(), shopID: shopID, productID: productID, sharerID: sharerID,
                             channel: channel, createdAt: clock.now())
        let outcome = try await store.create(link, commit: commit)
        if case .done = outcome { bus.publish(.share(shopID: shopID, at: link.createdAt)) }
        return outcome
    }

    /// The link behind `code`.
    /// - Throws: `not_found` for an unknown or malformed code.
    public func link(code: String) async throws -> ShareLink {
        guard ShareCode.isWellFormed(code), let link = try await store.link(code: code) else {
            throw CheckoutError.notFound("No such share link.")
        }
        return link
    }

    /// Handles a visit to `/s/{code}`: a person's click is recorded (durably, before this
    /// returns); HEAD requests and crawlers are answered without counting.
    /// - Parameters:
    ///   - viewer: `user:<id>` or `visitor:<cc_vid>`.
    ///   - scene: the raw `?scene=`; anything but 1000–9999 is recorded as none.
    ///   - isNewViewer: `viewer` was issued with this click (`ShareClick.isNewViewer`).
    /// - Throws: `not_found` for an unknown code.
    public func visit(code: String, viewer: String, scene: String?, isHead: Bool,
                      userAgent: String?, isNewViewer: Bool = false) async throws -> ShareLink {
        if let skip = ClickFilter.skipReason(isHead: isHead, userAgent: userAgent) {
            let link = try await link(code: code)
            metrics.record(skip == .head ? .head : .crawler)
            return link
        }
        guard ShareCode.isWellFormed(code),
              let (link, outcome) = try await store.recordClick(
                ShareClick(code: code, viewer: viewer, scene: ChatScene.parse(scene), at: clock.now(),
                           isNewViewer: isNewViewer)) else {
            metrics.record(.unknownCode)
            throw CheckoutError.notFound("No such share link.")
        }
        if outcome == .repeatClick {
            metrics.record(.repeatClick)
        } else {
            metrics.record(.counted)
            bus.publish(.click(shopID: link.shopID, at: clock.now(), firstVisit: outcome == .firstVisit))
        }
        return link
    }

    /// The link's product, while it is active.
    /// - Throws: `not_found` once the product is inactive or gone.
    public func product(of link: ShareLink) async throws -> Product {
        try await catalog.product(id: link.productID)
    }

    /// The shopper's own links with their counters, newest first.
    public func links(sharerID: String, page: PageRequest) async throws -> Page<ShareLinkSummary> {
        try await store.links(sharerID: sharerID, page: page)
    }

    /// `GET /v1/stats`: the shop's counters grouped by `groupBy`, over `[from, to)` (RFC 3339,
    /// rounded to whole hours: an hour counts when it starts inside the window), all time without them.
    public func stats(shopID: String, groupBy: String?, from: String?, to: String?) async throws -> [StatsRow] {
        let dimension = try StatsDimension.parse(groupBy)
        let start = try from.map { try Self.time($0, param: "from") }
        let end = try to.map { try Self.time($0, param: "to") }
        guard start != nil || end != nil else { return try await store.stats(shopID: shopID, by: dimension, hours: nil) }
        let first = start.map { StatsHour.of($0.adding(milliseconds: 3_599_999)) } ?? Int64(Int32.min)
        let last = end.map { StatsHour.of($0.adding(milliseconds: -1)) } ?? Int64(Int32.max)
        if let start, let end, end < start {
            throw CheckoutError.invalidRequest("to must not be before from.", param: "to")
        }
        guard first <= last else { return [] }
        return try await store.stats(shopID: shopID, by: dimension, hours: first...last)
    }

    /// `GET /v1/shops/{shop_id}/trending`: active products by score over the last 24 hours.
    /// - Throws: `not_found` for an unknown shop; `invalid_request` for `limit`.
    public func trending(shopID: String, scene: String?, limit: String?) async throws -> [(Product, TrendingEntry)] {
        let limit = try Trending.limit(limit)
        var sceneValue: Int?
        if let scene {
            guard let value = ChatScene.parse(scene) else {
                throw CheckoutError.invalidRequest("scene must be a scene number 1000-9999.", param: "scene")
            }
            sceneValue = value
        }
        _ = try await catalog.shop(id: shopID)
        let entries = try await store.trending(shopID: shopID, scene: sceneValue,
                                               hours: Trending.hours(at: clock.now()), limit: limit)
        var ranked: [(Product, TrendingEntry)] = []
        for entry in Trending.rank(entries, limit: limit) {
            if let product = try? await catalog.product(id: entry.productID) { ranked.append((product, entry)) }
        }
        return ranked
    }

    static func time(_ text: String, param: String) throws(CheckoutError) -> Timestamp {
        guard let time = Timestamp(rfc3339: text) else {
            throw .invalidRequest("\(param) must be an RFC 3339 timestamp.", param: param)
        }
        return time
    }
}
