import CheckoutCore

/// Row ⇄ value for share links, their counters and paid-order events.
enum PostgresShareRecords {
    static let linkColumns = "code, shop_id, product_id, sharer_id, channel, created_at"
    static let counterColumns = "shares, clicks, unique_visitors, orders, paid_orders, gmv, refunded"
    /// The counters of a stats row and its commission.
    static let statsColumns = counterColumns + ", commission"
    static let counterSums = """
        sum(shares)::bigint AS shares, sum(clicks)::bigint AS clicks, sum(unique_visitors)::bigint AS unique_visitors,
        sum(orders)::bigint AS orders, sum(paid_orders)::bigint AS paid_orders, sum(gmv)::bigint AS gmv,
        sum(refunded)::bigint AS refunded, sum(commission)::bigint AS commission
        """
    static let paidEventColumns = "seq, shop_id, order_id, amount_total, share_code, scene, sharer_id, paid_at"

    static func link(_ row: PostgresRow) throws -> ShareLink {
        let channelText = try row.string("channel")
        guard let channel = ShareChannel(rawValue: channelText) else {
            throw StorageError(.corrupt, "share link has channel \(channelText)")
        }
        return ShareLink(code: try row.string("code"), shopID: try row.string("shop_id"),
                         productID: try row.string("product_id"), sharerID: try row.string("sharer_id"),
                         channel: channel, createdAt: try row.timestamp("created_at"))
    }

    /// The link `code` and its latest click, if it exists.
    static func link(_ db: PostgresConnection, code: String) throws -> (link: ShareLink, lastClickAt: Timestamp?)? {
        guard let row = try db.queryOne("SELECT \(linkColumns), last_click_at FROM share_links WHERE code = $1", [code])
        else { return nil }
        return (try link(row), try row.optionalTimestamp("last_click_at"))
    }

    static func counters(_ row: PostgresRow) throws -> ShareCounters {
        ShareCounters(shares: try row.int64("shares"), clicks: try row.int64("clicks"),
                      uniqueVisitors: try row.int64("unique_visitors"), orders: try row.int64("orders"),
                      paidOrders: try row.int64("paid_orders"), gmv: try row.int64("gmv"),
                      refunded: try row.int64("refunded"))
    }

    /// A stats row under `key`.
    static func statsRow(_ row: PostgresRow, key: String?) throws -> StatsRow {
        StatsRow(key: key, counters: try counters(row), commission: try row.int64("commission"))
    }

    static func paidEvent(_ row: PostgresRow) throws -> PaidOrderEvent {
        PaidOrderEvent(sequence: try row.int64("seq"), shopID: try row.string("shop_id"),
                       orderID: try row.string("order_id"), amountTotal: try row.int64("amount_total"),
                       shareCode: try row.optionalString("share_code"), scene: try row.optionalInt("scene"),
                       sharerID: try row.optionalString("sharer_id"), paidAt: try row.timestamp("paid_at"))
    }
}
