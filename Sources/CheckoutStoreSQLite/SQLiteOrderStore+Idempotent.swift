import CheckoutCore
import CheckoutSQLite

extension SQLiteOrderStore {
    /// One writer job: the key's check, the order (in a savepoint) and the key's stored answer.
    /// A one-product order goes through the stock gate first.
    public func place(_ placement: Result<OrderPlacement, any Error>,
                      commit: IdempotentCommit<Order>) async throws -> IdempotentOutcome<Order> {
        if case .success(let placement) = placement, let lines = placement.lines, lines.count == 1 {
            return try await placeThroughGate(placement, line: lines[0], commit: commit)
        }
        return try await placeNow(placement, commit: commit)
    }

    /// The placement's writer job.
    func placeNow(_ placement: Result<OrderPlacement, any Error>,
                  commit: IdempotentCommit<Order>) async throws -> IdempotentOutcome<Order> {
        // JSON encoding of the shipping address and the order id stay off the single writer thread.
        let prepared = placement.map { placement in
            placement.mintID()
            return (placement, SQLiteOrderRecords.encodeShipping(placement.shipping))
        }
        return try await storage.write(commit) { [storage] db in
            let (placement, shippingJSON) = try prepared.get()
            return try Self.place(db, placement, shippingJSON: shippingJSON, storage: storage)
        }
    }

    public func update(id: String, commit: IdempotentCommit<Order>?,
                       _ change: @escaping @Sendable (inout Order) throws -> Bool) async throws -> IdempotentOutcome<Order> {
        try await storage.write(commit) { [storage] db in
            guard var order = try SQLiteOrderRecords.order(db, id: id) else { throw CheckoutError.notFound("No such order.") }
            let previous = order.status
            let release = try change(&order)
            guard try SQLiteOrderRecords.update(db, order, previous: previous) else {
                throw CheckoutError.conflict("The order changed meanwhile; try again.")
            }
            if release { try SQLiteOrderRecords.releaseStock(db, orderID: id, gate: storage.stockGate) }
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
