import CheckoutCore

extension PostgresOrderStore {
    /// One transaction: the key's claim, the order (in a savepoint) and the key's stored answer.
    /// The same key arriving at another replica meanwhile waits on the key's row and then replays.
    public func place(_ placement: Result<OrderPlacement, any Error>, claim: IdempotencyClaim,
                      policy: IdempotencyPolicy, now: Timestamp,
                      answer: @escaping @Sendable (Result<Order, any Error>) throws -> IdempotentAnswer)
        async throws -> IdempotentPlacement {
        let prepared = placement.flatMap { placement in
            Result { (placement, try PostgresOrderRecords.encodeShipping(placement.shipping)) }
        }
        return try await storage.write { [storage] db in
            if let (status, body) = try PostgresIdempotencyStore.claim(db, claim, policy: policy, now: now) {
                return .replay(IdempotentAnswer(status: status, body: body))
            }
            let result = Result<Order, any Error> {
                let (placement, shippingJSON) = try prepared.get()
                // A savepoint: a failing placement leaves no order rows and no reserved stock.
                return try db.savepoint { db in
                    try Self.place(db, placement, shippingJSON: shippingJSON, observers: storage.ledgerObservers)
                }
            }
            if case .failure(let error as PostgresError) = result { throw error }  // retried or 503, never stored
            let stored = try answer(result)
            guard stored.status < 500 else {
                // Server errors are not stored: the whole transaction rolls back and a retry runs again.
                if case .failure(let error) = result { throw error }
                throw CheckoutError(.internal, "An order was answered with a server error.")
            }
            try db.execute("""
                UPDATE idempotency_keys SET state = 'completed', response_status = $3, response_body = $4
                WHERE caller = $1 AND key = $2
                """, [claim.caller, claim.key, stored.status, stored.body])
            switch result {
            case .success(let order): return .placed(order, stored)
            case .failure(let error): return .refused(error)
            }
        }
    }
}
