/// A change of money or order state, as a store commits it.
///
/// Stores report these to in-transaction observers (see the backend's hook registry, e.g.
/// `SQLiteStorage.ledgerObservers`), so rolled-up counters (share-link stats, GMV) move in the
/// same transaction as the order or payment that moves them, or not at all.
public enum LedgerEvent: Sendable, Hashable {
    /// A new order reserved its stock (status `pending_payment`).
    case orderPlaced(Order)
    /// The order was marked paid with `amount` (minor units) at `paidAt`.
    case orderPaid(orderID: String, shopID: String, amount: Int64, paidAt: Timestamp)
    /// A refund of `amount` succeeded on the order.
    case refundSucceeded(orderID: String, shopID: String, refundID: String, amount: Int64, at: Timestamp)
    /// A paid order was fulfilled (shipped) at `at`.
    case orderFulfilled(orderID: String, shopID: String, at: Timestamp)
    /// A pending order was cancelled (by its shopper or by expiry); its stock is back.
    case orderCancelled(orderID: String, shopID: String, reason: CancellationReason, at: Timestamp)
}
