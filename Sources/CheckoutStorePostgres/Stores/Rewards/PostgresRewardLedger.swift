import CheckoutCore

/// The commission rules inside the transaction of the order or payment event that moves them
/// (see `RewardLedger` on SQLite: the same rules). The order's row lock, held by the event's
/// transaction, serialises them per order across replicas.
enum PostgresRewardLedger {
    static func observe(_ db: PostgresConnection, _ event: LedgerEvent, ids: any IDGenerator) throws {
        switch event {
        case .orderPaid(let orderID, _, _, let paidAt):
            try orderPaid(db, orderID: orderID, sharer: try PostgresRewardRecords.creditedSharer(db, orderID: orderID),
                          now: paidAt, ids: ids)
        case .orderFulfilled(let orderID, _, let at):
            try orderFulfilled(db, orderID: orderID, at: at, now: at)
        case .refundSucceeded(let orderID, _, _, _, let at):
            try refundsChanged(db, orderID: orderID, now: at)
        case .orderPlaced, .orderCancelled:
            break
        }
    }

    static func orderPaid(_ db: PostgresConnection, orderID: String, sharer: String?, now: Timestamp,
                          ids: any IDGenerator) throws {
        guard try PostgresRewardRecords.commission(db, orderID: orderID) == nil,
              let order = try PostgresOrderRecords.order(db, id: orderID),
              let paid = try db.queryOne("SELECT amount FROM payments WHERE order_id = $1 AND status = 'succeeded'",
                                         [orderID])?.int64("amount") else { return }
        let program = try PostgresRewardRecords.program(db, shopID: order.shopID)
        var rates: [String: Int] = [:]
        for item in order.items {
            if let bps = try db.queryOne("SELECT commission_bps FROM products WHERE id = $1",
                                         [item.productID])?.optionalInt("commission_bps") {
                rates[item.productID] = bps
            }
        }
        let earning = Commission.Earning(id: ids.makeID(.commission), order: order, sharer: sharer, program: program,
                                         productRates: rates, paidAmount: paid, now: now)
        guard let (commission, entries) = Commission.earn(earning) else {
            try PostgresRewardRecords.releaseDue(db, orderID: orderID, now: now)
            return
        }
        try PostgresRewardRecords.insert(db, commission)
        try PostgresRewardRecords.append(db, entries, shopID: commission.shopID)
        try PostgresCommissionStatsRollup.add(db, commission, delta: commission.amount, at: now)
    }

    static func orderFulfilled(_ db: PostgresConnection, orderID: String, at: Timestamp, now: Timestamp) throws {
        guard var commission = try PostgresRewardRecords.commission(db, orderID: orderID) else { return }
        let program = try PostgresRewardRecords.program(db, shopID: commission.shopID)
        let entries = commission.fulfil(at: at, freezeSeconds: program.freezeSeconds, now: now)
        guard !entries.isEmpty || commission.status != .pending else { return }
        try PostgresRewardRecords.save(db, commission, entries)
    }

    static func refundsChanged(_ db: PostgresConnection, orderID: String, now: Timestamp) throws {
        guard var commission = try PostgresRewardRecords.commission(db, orderID: orderID),
              let refunded = try db.queryOne("""
                  SELECT coalesce(sum(amount), 0)::bigint AS total FROM refunds WHERE order_id = $1 AND status = 'succeeded'
                  """, [orderID])?.int64("total") else { return }
        let before = commission.amount
        let entries = commission.rebase(commission.paidAmount - refunded, now: now)
        try PostgresRewardRecords.save(db, commission, entries)
        try PostgresCommissionStatsRollup.add(db, commission, delta: commission.amount - before, at: now)
        if commission.status == .cancelled, commission.payout?.state != .processing {
            try PostgresRewardRecords.releaseDue(db, orderID: orderID, now: now)
        }
    }
}
