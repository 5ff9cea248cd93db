/// Publishing committed orders and payments to the share event bus (live streams).
extension ShareService {
    /// After an order committed: a credited one counts in the live `orders`.
    public func orderPlaced(_ order: Order) async {
        guard order.shareCode != nil, let shopID = try? await store.creditedShop(orderID: order.id) else { return }
        bus.publish(.orderCredited(shopID: shopID, at: order.createdAt))
    }

    /// After a payment report committed: a paid order's event, a credited refund.
    public func paymentApplied(_ application: PaymentApplication) async {
        guard let orderID = application.orderID else { return }
        switch application.outcome {
        case .paid:
            if let event = try? await store.paidEvent(orderID: orderID) { bus.publish(.paid(event)) }
        case .refundSucceeded:
            // Counted only on orders counted as paid and credited, as the stored counters do.
            guard let refunded = application.refunded, let paid = try? await store.paidEvent(orderID: orderID),
                  paid.sharerID != nil else { return }
            bus.publish(.refunded(shopID: paid.shopID, amount: refunded.amount, at: refunded.at))
        default:
            break
        }
    }
}
