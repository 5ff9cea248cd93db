import CheckoutCore
import CheckoutSQLite

/// Row ⇄ value for share links and their counters.
enum SQLiteShareRecords {
    static let linkColumns = "code, shop_id, product_id, sharer_id, channel, created_at"
    static let counterColumns = "shares, clicks, unique_visitors, orders, paid_orders, gmv, refunded"

    static func link(_ row: Row) throws -> ShareLink {
        let channelText = try row.string("channel")
        guard let channel = ShareChannel(rawValue: channelText) else {
            throw StorageError(.corrupt, "share link has channel \(channelText)")
        }
        return ShareLink(code: try row.string("code"), shopID: try row.string("shop_id"),
                         productID: try row.string("product_id"), sharerID: try row.string("sharer_id"),
                         channel: channel, createdAt: Timestamp(milliseconds: try row.int64("created_at")))
    }

    static func counters(_ row: Row) throws -> ShareCounters {
        ShareCounters(shares: try row.int64("shares"), clicks: try row.int64("clicks"),
                      uniqueVisitors: try row.int64("unique_visitors"), orders: try row.int64("orders"),
                      paidOrders: try row.int64("paid_orders"), gmv: try row.int64("gmv"),
                      refunded: try row.int64("refunded"))
    }

    static func paidEvent(_ row: Row) throws -> PaidOrderEvent {
        PaidOrderEvent(sequence: try row.int64("seq"), shopID: try row.string("shop_id"),
                       orderID: try row.string("order_id"), amountTotal: try row.int64("amount_total"),
                       shareCode: try row.optionalString("share_code"), scene: try row.optionalInt("scene"),
                       sharerID: try row.optionalString("sharer_id"),
                       paidAt: Timestamp(milliseconds: try row.int64("paid_at")))
    }
}
