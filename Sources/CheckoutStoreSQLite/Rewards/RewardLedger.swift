import CheckoutCore
import CheckoutSQLite

/// The commission rules run INSIDE the transaction of the order or payment event that moves
/// them (payment applied, order fulfilled, refund settled), so a commission and its ledger
/// entries commit with that event or not at all.
enum RewardLedger {
    /// The ledger observer: a payment earns (or releases the held funds at once), fulfilment
    /// freezes, a succeeded refund rebases.
    static func observe(_ db: Database, _ event: LedgerEvent, ids: any IDGenerator) throws {
        switch event {
        case .orderPaid(let orderID, _, _, let paidAt):
            try orderPaid(db, orderID: orderID, sharer: try SQLiteRewardRecords.creditedSharer(db, orderID: orderID),
                          now: paidAt, ids: ids)
        case .orderFulfilled(let orderID, _, let at):
            try orderFulfilled(db, orderID: orderID, at: at, now: at)
        case .refundSucceeded(let orderID, _, _, _, let at):
            try refundsChanged(db, orderID: orderID, now: at)
        case .orderPlaced, .orderCancelled:
            break
        }
    }

    /// The order was paid: its commission is earned (pending), or, when it earns none, funds
    /// held for profit sharing are released at once.
    /// - Parameter sharer: the user the order is credited to, if any.
    static func orderPaid(_ db: Database, orderID: String, sharer: String?, now: Timestamp,
                          ids: any IDGenerator) throws {
        guard try SQLiteRewardRecords.commission(db, orderID: orderID) == nil,
              let order = try SQLiteOrderRecords.order(db, id: orderID),
              let paid = try db.queryOne("SELECT amount FROM payments WHERE order_id = ? AND status = 'succeeded'",
                                         [orderID])?.int64("amount") else { return }
        let program = try SQLiteRewardRecords.program(db, shopID: order.shopID)
        var rates: [String: Int] = [:]
        for item in order.items {
            if let bps = try db.queryOne("SELECT commission_bps FROM products WHERE id = ?",
                                         [item.productID])?.optionalInt("commission_bps") {
                rates[item.productID] = bps
            }
        }
        let earning = Commission.Earning(id: ids.makeID(.commission), order: order, sharer: sharer, program: program,
                                         productRates: rates, paidAmount: paid, now: now)
        guard let (commission, entries) = Commission.earn(earning) else {
            try SQLiteRewardRecords.releaseDue(db, orderID: orderID, now: now)
            return
        }
        try SQLiteRewardRecords.insert(db, commission)
        try SQLiteRewardRecords.append(db, entries, shopID: commission.shopID)
        try CommissionStatsRollup.add(db, commission, delta: commission.amount, at: now)
    }

    /// The order was fulfilled: its commission freezes for the shop's `freeze_days`.
    static func orderFulfilled(_ db: Database, orderID: String, at: Timestamp, now: Timestamp) throws {
        guard var commission = try SQLiteRewardRecords.commission(db, orderID: orderID) else { return }
        let program = try SQLiteRewardRecords.program(db, shopID: commission.shopID)
        let entries = commission.fulfil(at: at, freezeSeconds: program.freezeSeconds, now: now)
        guard !entries.isEmpty || commission.status != .pending else { return }
        try SQLiteRewardRecords.save(db, commission, entries)
    }

    /// A refund of the order settled (or failed): the base is the paid amount less succeeded
    /// refunds, and the commission is recomputed; a cancelled one releases the held funds.
    static func refundsChanged(_ db: Database, orderID: String, now: Timestamp) throws {
        guard var commission = try SQLiteRewardRecords.commission(db, orderID: orderID),
              let refunded = try db.queryOne("""
                  SELECT coalesce(sum(amount), 0) AS total FROM refunds WHERE order_id = ? AND status = 'succeeded'
                  """, [orderID])?.int64("total") else { return }
        let before = commission.amount
        let entries = commission.rebase(commission.paidAmount - refunded, now: now)
        try SQLiteRewardRecords.save(db, commission, entries)
        try CommissionStatsRollup.add(db, commission, delta: commission.amount - before, at: now)
        if commission.status == .cancelled, commission.payout?.state != .processing {
            try SQLiteRewardRecords.releaseDue(db, orderID: orderID, now: now)
        }
    }
}
