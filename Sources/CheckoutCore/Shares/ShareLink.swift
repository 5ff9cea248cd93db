/// A shopper's share link for one product of one shop.
public struct ShareLink: Hashable, Sendable {
    public var code: String
    public var shopID: String
    public var productID: String
    /// The shopper who made the link, credited with the orders it brings.
    public var sharerID: String
    public var channel: ShareChannel
    public var createdAt: Timestamp

    public init(code: String, shopID: String, productID: String, sharerID: String, channel: ShareChannel,
                createdAt: Timestamp) {
        self.code = code
        self.shopID = shopID
        self.productID = productID
        self.sharerID = sharerID
        self.channel = channel
        self.createdAt = createdAt
    }
}

/// A link with its own counters, as `GET /v1/me/share-links` lists it.
public struct ShareLinkSummary: Hashable, Sendable {
    public var link: ShareLink
    public var counters: ShareCounters

    public init(link: ShareLink, counters: ShareCounters) {
        self.link = link
        self.counters = counters
    }
}
