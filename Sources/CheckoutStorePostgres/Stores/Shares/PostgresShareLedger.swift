import CheckoutCore

/// The share side of orders and payments, run inside their stores' transactions (the same
/// rules as `ShareLedger` on SQLite, from `Attribution` and `ShareLedgerRules`): credits a
/// placed order to its link, counts payments and refunds of credited orders, records each paid
/// order's live event, and feeds trending. The order's row lock, held by the event's
/// transaction, serialises these per order across replicas.
enum PostgresShareLedger {
    /// The observer `PostgresStorage` runs inside every ledger transaction.
    static func observe(_ db: PostgresConnection, _ event: LedgerEvent) throws {
        switch event {
        case .orderPlaced(let order): try creditPlacement(db, order)
        case .orderPaid(let orderID, _, _, let paidAt): try recordPaid(db, orderID: orderID, paidAt: paidAt)
        case .refundSucceeded(let orderID, _, _, let amount, let at): try recordRefund(db, orderID: orderID, amount: amount, at: at)
        case .orderCancelled, .orderFulfilled: break
        }
    }

    /// Credits the just-inserted order to the link its share code names, when the rule allows.
    static func creditPlacement(_ db: PostgresConnection, _ order: Order) throws {
        guard let code = order.shareCode, ShareCode.isWellFormed(code),
              let (link, lastClickAt) = try PostgresShareRecords.link(db, code: code),
              let credited = Attribution.creditedLink(link, lastClickAt: lastClickAt, shopID: order.shopID,
                                                      buyerID: order.userID, placedAt: order.createdAt)
        else { return }
        try db.execute("UPDATE orders SET sharer_id = $1 WHERE id = $2", [credited.sharerID, order.id])
        try db.execute("UPDATE share_links SET orders = orders + 1 WHERE code = $1", [code])
        try PostgresShareCounterRollup.add(db, shopID: order.shopID, keys: StatsKeys(credited, scene: order.scene),
                                           at: order.createdAt, ShareLedgerRules.placement)
    }

    /// Counts a payment that just made order `orderID` paid and records its live event (once).
    static func recordPaid(_ db: PostgresConnection, orderID: String, paidAt: Timestamp) throws {
        guard let order = try db.queryOne("""
            SELECT shop_id, amount_total, share_code, scene, sharer_id FROM orders WHERE id = $1
            """, [orderID]) else { return }
        let shopID = try order.string("shop_id")
        let amount = try order.int64("amount_total")
        let shareCode = try order.optionalString("share_code")
        let scene = try order.optionalInt("scene")
        let sharerID = try order.optionalString("sharer_id")
        guard try db.queryOne("""
            INSERT INTO paid_order_events (shop_id, order_id, amount_total, share_code, scene, sharer_id, paid_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (order_id) DO NOTHING RETURNING seq
            """, [shopID, orderID, amount, shareCode, scene, sharerID, paidAt]) != nil else { return }
        if let sharerID, let shareCode, let (link, _) = try PostgresShareRecords.link(db, code: shareCode) {
            try db.execute("UPDATE share_links SET paid_orders = paid_orders + 1, gmv = gmv + $1 WHERE code = $2",
                           [amount, shareCode])
            try PostgresShareCounterRollup.add(db, shopID: shopID, keys: StatsKeys(link, scene: scene, sharerID: sharerID),
                                               at: paidAt, ShareLedgerRules.payment(amount: amount))
        }
        let products = try db.query("SELECT DISTINCT product_id FROM order_items WHERE order_id = $1 ORDER BY product_id",
                                    [orderID])
        for row in products {
            try PostgresShareCounterRollup.addActivity(db, shopID: shopID, productID: try row.string("product_id"),
                                                       scene: scene, at: paidAt, clicks: 0, paidOrders: 1)
        }
    }

    /// Counts a succeeded refund of `amount` on order `orderID` when the order is credited and
    /// was counted as paid.
    static func recordRefund(_ db: PostgresConnection, orderID: String, amount: Int64, at time: Timestamp) throws {
        guard let order = try db.queryOne("SELECT shop_id, share_code, scene, sharer_id FROM orders WHERE id = $1",
                                          [orderID]),
              let code = try order.optionalString("share_code"),
              let (link, _) = try PostgresShareRecords.link(db, code: code) else { return }
        let sharerID = try order.optionalString("sharer_id")
        let countedAsPaid = try db.queryOne("SELECT 1 FROM paid_order_events WHERE order_id = $1", [orderID]) != nil
        guard ShareLedgerRules.refundCounts(creditedSharer: sharerID, countedAsPaid: countedAsPaid) else { return }
        try db.execute("UPDATE share_links SET refunded = refunded + $1 WHERE code = $2", [amount, code])
        try PostgresShareCounterRollup.add(db, shopID: try order.string("shop_id"),
                                           keys: StatsKeys(link, scene: try order.optionalInt("scene"), sharerID: sharerID),
                                           at: time, ShareCounters(refunded: amount))
    }
}
