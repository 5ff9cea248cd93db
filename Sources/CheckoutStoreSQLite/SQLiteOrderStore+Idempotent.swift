import CheckoutCore
import CheckoutSQLite

extension SQLiteOrderStore {
    /// One writer job: the key's check, the order (in a savepoint) and the key's stored answer.
    public func place(_ placement: Result<OrderPlacement, any Error>, claim: IdempotencyClaim,
                      policy: IdempotencyPolicy, now: Timestamp,
                      answer: @escaping @Sendable (Result<Order, any Error>) throws -> IdempotentAnswer)
        async throws -> IdempotentPlacement {
        // JSON encoding of the shipping address stays off the single writer thread.
        let prepared = placement.flatMap { placement in
            Result { (placement, try SQLiteOrderRecords.encodeShipping(placement.shipping)) }
        }
        return try await storage.write { [storage] db in
            let existing = try SQLiteIdempotencyStore.record(db, caller: claim.caller, key: claim.key)
            switch try policy.decide(existing: existing, endpoint: claim.endpoint,
                                     requestHash: claim.requestHash, now: now) {
            case .replay(let status, let body):
                return .replay(IdempotentAnswer(status: status, body: body))
            case .start:
                break
            }
            let result = Result<Order, any Error> {
                let (placement, shippingJSON) = try prepared.get()
                // A savepoint: a failing placement leaves no order rows and no reserved stock.
                return try db.transaction { 
                    try Self.place(db, placement, shippingJSON: shippingJSON, observers: storage.ledgerObservers)
                }
            }
            let stored = try answer(result)
            guard stored.status < 500 else {
                // Server errors are not stored: the whole job rolls back and a retry runs again.
                if case .failure(let error) = result { throw error }
                throw CheckoutError(.internal, "An order was answered with a server error.")
            }
            try SQLiteIdempotencyStore.storeCompleted(db, claim, answer: stored, now: now)
            switch result {
            case .success(let order): return .placed(order, stored)
            case .failure(let error): return .refused(error)
            }
        }
    }
}
