import CheckoutCore

/// A ledger event as it crosses replicas through `NOTIFY`: small enough for a payload, enough
/// for a live dashboard (which order, which shop, how much, when).
public struct PostgresLedgerNotice: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case orderPlaced = "order_placed"
        case orderPaid = "order_paid"
        case refundSucceeded = "refund_succeeded"
        case orderFulfilled = "order_fulfilled"
        case orderCancelled = "order_cancelled"
    }

    public var kind: Kind
    public var orderID: String
    public var shopID: String
    /// Minor units moved (the total placed or paid, the refund); 0 for fulfilment and cancellation.
    public var amount: Int64
    public var at: Timestamp

    public init(kind: Kind, orderID: String, shopID: String, amount: Int64, at: Timestamp) {
        self.kind = kind
        self.orderID = orderID
        self.shopID = shopID
        self.amount = amount
        self.at = at
    }

    init(_ event: LedgerEvent) {
        switch event {
        case .orderPlaced(let order):
            self.init(kind: .orderPlaced, orderID: order.id, shopID: order.shopID, amount: order.amountTotal, at: order.createdAt)
        case let .orderPaid(orderID, shopID, amount, paidAt):
            self.init(kind: .orderPaid, orderID: orderID, shopID: shopID, amount: amount, at: paidAt)
        case let .refundSucceeded(orderID, shopID, _, amount, at):
            self.init(kind: .refundSucceeded, orderID: orderID, shopID: shopID, amount: amount, at: at)
        case let .orderFulfilled(orderID, shopID, at):
            self.init(kind: .orderFulfilled, orderID: orderID, shopID: shopID, amount: 0, at: at)
        case let .orderCancelled(orderID, shopID, _, at):
            self.init(kind: .orderCancelled, orderID: orderID, shopID: shopID, amount: 0, at: at)
        }
    }

    /// `kind orderID shopID amount milliseconds` (ids never hold spaces).
    var payload: String { "\(kind.rawValue) \(orderID) \(shopID) \(amount) \(at.milliseconds)" }

    init?(payload: String) {
        let parts = payload.split(separator: " ")
        guard parts.count == 5, let kind = Kind(rawValue: String(parts[0])), let amount = Int64(parts[3]),
              let milliseconds = Int64(parts[4]) else { return nil }
        self.init(kind: kind, orderID: String(parts[1]), shopID: String(parts[2]), amount: amount,
                  at: Timestamp(milliseconds: milliseconds))
    }
}

/// Fans ledger events out to every replica: each committed event is sent with `NOTIFY` on
/// `channel` from inside its own transaction (so a rolled-back event is never announced), and
/// every replica's `PostgresLedgerFeed` hands what arrives to its live streams — a payment
/// taken by one replica shows on a dashboard connected to another.
public final class PostgresLedgerFeed: Sendable {
    public static let channel = "checkout_ledger"
    private let listener: PostgresListener

    /// Sends every event of `storage` from now on (call once per process, before serving).
    public static func announce(_ storage: PostgresStorage) {
        storage.ledgerObservers.add { connection, event in
            try connection.notify(channel: channel, payload: PostgresLedgerNotice(event).payload)
        }
    }

    /// Listens on its own connection and calls `onNotice` for each event any replica commits;
    /// `onReconnected` runs after each (re)connection, when events may have been missed.
    public init(configuration: PostgresConfiguration, onReconnected: @escaping @Sendable () -> Void = {},
                onNotice: @escaping @Sendable (PostgresLedgerNotice) -> Void) throws {
        listener = try PostgresListener(configuration: configuration, channels: [Self.channel], onConnected: onReconnected) { note in
            if let notice = PostgresLedgerNotice(payload: note.payload) { onNotice(notice) }
        }
    }

    public func close() { listener.close() }
}
