import CheckoutCore
import CheckoutSQLite

/// The share side of orders and payments, run inside their stores' transactions: credits a
/// placed order to its link (API.md "Attribution"), counts payments and refunds of credited
/// orders, records each paid order's live event, and feeds trending.
enum ShareLedger {
    /// The observer `SQLiteStorage` runs inside every ledger transaction.
    static func observe(_ db: Database, _ event: LedgerEvent) throws {
        switch event {
        case .orderPlaced(let order): try creditPlacement(db, order)
        case .orderPaid(let orderID, _, _, let paidAt): _ = try recordPaid(db, orderID: orderID, paidAt: paidAt)
        case .refundSucceeded(let orderID, _, _, let amount, let at): _ = try recordRefund(db, orderID: orderID, amount: amount, at: at)
        case .orderCancelled, .orderFulfilled: break
        }
    }

    static func link(_ db: Database, code: String) throws -> (link: ShareLink, lastClickAt: Timestamp?)? {
        guard let row = try db.queryOne("""
            SELECT code, shop_id, product_id, sharer_id, channel, created_at, last_click_at FROM share_links WHERE code = ?
            """, [code]) else { return nil }
        return (try SQLiteShareRecords.link(row), try row.optionalInt64("last_click_at").map(Timestamp.init(milliseconds:)))
    }

    /// Credits the just-inserted order to the link its share code names, when the rule allows.
    /// - Returns: the credited sharer, or nil.
    @discardableResult
    static func creditPlacement(_ db: Database, _ order: Order) throws -> String? {
        guard let code = order.shareCode, ShareCode.isWellFormed(code), let (link, lastClickAt) = try link(db, code: code),
              let credited = Attribution.creditedLink(link, lastClickAt: lastClickAt, shopID: order.shopID,
                                                      buyerID: order.userID, placedAt: order.createdAt)
        else { return nil }
        try db.execute("UPDATE orders SET sharer_id = ? WHERE id = ?", [credited.sharerID, order.id])
        try db.execute("UPDATE share_links SET orders = orders + 1 WHERE code = ?", [code])
        try ShareCounterRollup.add(db, shopID: order.shopID, keys: StatsKeys(credited, scene: order.scene),
                                   at: order.createdAt, ShareLedgerRules.placement)
        return credited.sharerID
    }

    /// Counts a payment that just made order `orderID` paid and records its live event.
    /// - Returns: the event to publish once the transaction commits.
    static func recordPaid(_ db: Database, orderID: String, paidAt: Timestamp) throws -> PaidOrderEvent? {
        guard let order = try db.queryOne("""
            SELECT shop_id, amount_total, share_code, scene, sharer_id FROM orders WHERE id = ?
            """, [orderID]) else { return nil }
        let shopID = try order.string("shop_id")
        let amount = try order.int64("amount_total")
        let shareCode = try order.optionalString("share_code")
        let scene = try order.optionalInt("scene")
        let sharerID = try order.optionalString("sharer_id")
        if let sharerID, let shareCode, let (link, _) = try link(db, code: shareCode) {
            try db.execute("UPDATE share_links SET paid_orders = paid_orders + 1, gmv = gmv + ? WHERE code = ?",
                           [amount, shareCode])
            try ShareCounterRollup.add(db, shopID: shopID, keys: StatsKeys(link, scene: scene, sharerID: sharerID),
                                       at: paidAt, ShareLedgerRules.payment(amount: amount))
        }
        let products = try db.query("SELECT DISTINCT product_id FROM order_items WHERE order_id = ?", [orderID])
        for row in products {
            try ShareCounterRollup.addActivity(db, shopID: shopID, productID: try row.string("product_id"),
                                               scene: ChatScene.normalize(scene), at: paidAt, clicks: 0, paidOrders: 1)
        }
        try db.execute("""
            INSERT INTO paid_order_events (shop_id, order_id, amount_total, share_code, scene, sharer_id, paid_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING
            """, [shopID, orderID, amount, shareCode, scene, sharerID, paidAt.milliseconds])
        guard db.changes == 1 else { return nil }
        return PaidOrderEvent(sequence: db.lastInsertRowID, shopID: shopID, orderID: orderID, amountTotal: amount,
                              shareCode: shareCode, scene: scene, sharerID: sharerID, paidAt: paidAt)
    }

    /// Counts a succeeded refund of `amount` on order `orderID` when the order is credited.
    /// - Returns: the event to publish once the transaction commits, or nil.
    static func recordRefund(_ db: Database, orderID: String, amount: Int64, at time: Timestamp) throws -> ShareEvent? {
        guard let order = try db.queryOne("SELECT shop_id, share_code, scene, sharer_id FROM orders WHERE id = ?", [orderID]),
              let sharerID = try order.optionalString("sharer_id"), let code = try order.optionalString("share_code"),
              let (link, _) = try link(db, code: code),
              ShareLedgerRules.refundCounts(
                creditedSharer: sharerID,
                countedAsPaid: try db.queryOne("SELECT 1 FROM paid_order_events WHERE order_id = ?", [orderID]) != nil)
        else { return nil }
        let shopID = try order.string("shop_id")
        try db.execute("UPDATE share_links SET refunded = refunded + ? WHERE code = ?", [amount, code])
        try ShareCounterRollup.add(db, shopID: shopID, keys: StatsKeys(link, scene: try order.optionalInt("scene"), sharerID: sharerID),
                                   at: time, ShareCounters(refunded: amount))
        return .refunded(shopID: shopID, amount: amount, at: time)
    }
}
