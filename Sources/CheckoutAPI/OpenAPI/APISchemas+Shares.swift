import CheckoutCore

/// Component schemas of share links, stats, trending and live tokens (API.md "Share links and
/// live attribution").
extension APISchemas {
    static let shares: [(String, JSONValue)] = [
        ("ShareLinkDraft", shareLinkDraft), ("ShareLink", shareLink), ("ShareCounters", counters),
        ("ShareLinkSummary", shareLinkSummary), ("ShareLinkSummaryList", Schema.list(of: Schema.ref("ShareLinkSummary"))),
        ("ShareClick", shareClick), ("StatsRow", statsRow), ("StatsList", Schema.list(of: Schema.ref("StatsRow"))),
        ("TrendingEntry", trendingEntry), ("TrendingList", trendingList), ("LiveToken", liveToken), ("LiveEvent", liveEvent),
    ]

    static let channel = Schema.enumeration(ShareChannel.allCases.map(\.rawValue))
    static let shareCode: JSONValue = ["type": "string", "pattern": "^[0-9A-Za-z]{8,12}$",
                                       "description": "Base62, at most 12 characters."]
    static let count: JSONValue = ["type": "integer", "format": "int64", "minimum": 0]

    static let shareLinkDraft = Schema.object([
        ("shop_id", id), ("product_id", id),
        ("channel", ["allOf": [channel], "description": "Where it is shared; default other."]),
    ], required: ["shop_id", "product_id"])

    static let shareLink = Schema.object([
        ("code", shareCode), ("url", Schema.string("CHECKOUT_PUBLIC_URL/s/{code}")), ("product_id", Schema.string),
        ("channel", channel),
    ], required: ["code", "url", "product_id", "channel"])

    static let counterFields: [(String, JSONValue)] = [
        ("shares", count), ("clicks", count), ("unique_visitors", count), ("orders", count), ("paid_orders", count),
        ("gmv", amount), ("refunded", amount),
        ("conversion", ["type": "number", "minimum": 0, "description": "paid_orders / unique_visitors (0 without visitors)."]),
    ]
    static let counterNames = counterFields.map(\.0)

    static let counters = Schema.object(counterFields, required: counterNames)

    static let shareLinkSummary = Schema.object([
        ("code", shareCode), ("url", Schema.string), ("product_id", Schema.string), ("shop_id", Schema.string),
        ("channel", channel), ("created_at", Schema.timestamp),
    ] + counterFields, required: ["code", "url", "product_id", "shop_id", "channel", "created_at"] + counterNames)

    static let shareClick = Schema.object([("code", shareCode), ("product", Schema.ref("Product"))],
                                          required: ["code", "product"])

    static let statsRow = Schema.object(
        [("key", nullableString)] + counterFields
            + [("commission", ["type": "integer", "format": "int64", "minimum": 0,
                               "description": "Sharer commissions on the credited orders: the sum of non-cancelled amounts."])],
        required: ["key", "commission"] + counterNames)

    static let trendingEntry = Schema.object([
        ("product", Schema.ref("Product")), ("score", count), ("clicks", count), ("paid_orders", count),
    ], required: ["product", "score", "clicks", "paid_orders"])

    static let trendingList = Schema.object([("data", Schema.array(Schema.ref("TrendingEntry")))], required: ["data"])

    /// One server-sent event: `data` is JSON text, `{window: {last_60s, today}}` (each a
    /// ShareCounters) for `counters`, `{order_id, amount_total, share_code, scene, sharer, paid_at}`
    /// for `order_paid`. Keep-alive comments carry no fields.
    static let liveEvent = Schema.object([
        ("id", Schema.string("The paid-order sequence (order_paid) or that sequence and a counter (counters).")),
        ("event", Schema.enumeration(["counters", "order_paid"])),
        ("data", ["type": "string", "contentMediaType": "application/json"]),
    ])

    static let liveToken = Schema.object([("token", Schema.string), ("expires_at", Schema.timestamp)],
                                         required: ["token", "expires_at"])
}
