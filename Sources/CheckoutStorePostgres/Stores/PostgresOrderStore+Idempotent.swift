import CheckoutCore

extension PostgresOrderStore {
    /// One transaction: the key's claim, the order (in a savepoint) and the key's stored answer.
    public func place(_ placement: Result<OrderPlacement, any Error>,
                      commit: IdempotentCommit<Order>) async throws -> IdempotentOutcome<Order> {
        let prepared = placement.map { placement in (placement, PostgresOrderRecords.encodeShipping(placement.shipping)) }
        return try await storage.write(commit) { [storage] db in
            let (placement, shippingJSON) = try prepared.get()
            return try Self.place(db, placement, shippingJSON: shippingJSON, observers: storage.ledgerObservers)
        }
    }

    public func update(id: String, commit: IdempotentCommit<Order>?,
                       _ change: @escaping @Sendable (inout Order) throws -> Bool) async throws -> IdempotentOutcome<Order> {
        try await storage.write(commit) { [storage] db in
            guard var order = try PostgresOrderRecords.order(db, id: id, lock: true) else {
                throw CheckoutError.notFound("No such order.")
            }
            let previous = order.status
            let release = try change(&order)
            guard try PostgresOrderRecords.update(db, order, previous: previous) else {
                throw CheckoutError.conflict("The order changed meanwhile; try again.")
            }
            if release { try PostgresOrderRecords.releaseStock(db, orderID: id) }
            if order.status == .fulfilled, previous != .fulfilled {
                try storage.ledgerObservers.emit(.orderFulfilled(orderID: id, shopID: order.shopID,
                                                                 at: order.fulfilledAt ?? order.createdAt), db)
            }
            if order.status == .cancelled, previous != .cancelled {
                try storage.ledgerObservers.emit(.orderCancelled(orderID: id, shopID: order.shopID,
                                                                 reason: order.cancellationReason ?? .requested,
                                                                 at: order.cancelledAt ?? order.createdAt), db)
            }
            return order
        }
    }
}
