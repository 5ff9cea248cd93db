import CheckoutCore

/// `POST /v1/share-links` answer: `{code, url, product_id, channel}`.
struct ShareLinkBody: Encodable {
    var code: String
    var url: String
    var productID: String
    var channel: String

    init(_ link: ShareLink, url: String) {
        code = link.code
        self.url = url
        productID = link.productID
        channel = link.channel.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case code, url, channel
        case productID = "product_id"
    }
}

/// The stats fields of a row or window: counters plus `conversion`.
struct CountersBody: Encodable {
    var counters: ShareCounters

    enum CodingKeys: String, CodingKey {
        case shares, clicks, orders, gmv, refunded, conversion
        case uniqueVisitors = "unique_visitors"
        case paidOrders = "paid_orders"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(counters.shares, forKey: .shares)
        try c.encode(counters.clicks, forKey: .clicks)
        try c.encode(counters.uniqueVisitors, forKey: .uniqueVisitors)
        try c.encode(counters.orders, forKey: .orders)
        try c.encode(counters.paidOrders, forKey: .paidOrders)
        try c.encode(counters.gmv, forKey: .gmv)
        try c.encode(counters.refunded, forKey: .refunded)
        try c.encode(counters.conversion, forKey: .conversion)
    }
}

/// A `GET /v1/me/share-links` entry: the link's fields, its URL, shop, creation time and counters.
struct ShareLinkSummaryBody: Encodable {
    var summary: ShareLinkSummary
    var url: String

    enum CodingKeys: String, CodingKey {
        case code, url, channel
        case productID = "product_id"
        case shopID = "shop_id"
        case createdAt = "created_at"
    }

    func encode(to encoder: any Encoder) throws {
        try CountersBody(counters: summary.counters).encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(summary.link.code, forKey: .code)
        try c.encode(url, forKey: .url)
        try c.encode(summary.link.channel.rawValue, forKey: .channel)
        try c.encode(summary.link.productID, forKey: .productID)
        try c.encode(summary.link.shopID, forKey: .shopID)
        try c.encode(summary.link.createdAt, forKey: .createdAt)
    }
}

/// A `GET /v1/stats` row: `{key, ...counters, conversion, commission}`; `key` null for none.
struct StatsRowBody: Encodable {
    var row: StatsRow

    enum CodingKeys: String, CodingKey { case key, commission }

    func encode(to encoder: any Encoder) throws {
        try CountersBody(counters: row.counters).encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(row.key, forKey: .key)
        try c.encode(row.commission, forKey: .commission)
    }
}

/// A trending entry: `{product, score, clicks, paid_orders}`.
struct TrendingBody: Encodable {
    var product: Product
    var entry: TrendingEntry

    enum CodingKeys: String, CodingKey {
        case product, score, clicks
        case paidOrders = "paid_orders"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(product, forKey: .product)
        try c.encode(entry.score, forKey: .score)
        try c.encode(entry.clicks, forKey: .clicks)
        try c.encode(entry.paidOrders, forKey: .paidOrders)
    }
}

/// `{data: [...], has_more: false}` for answers that are whole (stats, trending).
struct WholeList<Element: Encodable>: Encodable {
    var data: [Element]
    var hasMore = false

    enum CodingKeys: String, CodingKey {
        case data
        case hasMore = "has_more"
    }
}
