extension PaymentService {
    /// Before a shopper cancels: closes the order's pending prepay at the platform. If the
    /// platform says it was paid, the order becomes paid (and the cancel then fails).
    /// - Throws: 502 when the platform cannot confirm the close; the order stays as it was.
    public func closeBeforeCancel(orderID: String) async throws {
        guard let payment = try await store.payment(orderID: orderID), payment.status == .pending else { return }
        if let error = try await close(payment, orderIsPending: true) { throw error.checkoutError }
    }

    /// Before an expiry pass: claims the pending prepays of the orders due at `now` (no other
    /// replica closes them for `closingLeaseSeconds`) and closes them all at once. Orders the platform reports paid become paid instead of expiring; where it cannot
    /// be reached the order expires anyway and reconciliation settles the payment later.
    public func closeDue(now: Timestamp) async {
        let due: [Payment]
        do {
            due = try await store.paymentsDueForClosing(
                now: now, claimedBefore: now.adding(seconds: -configuration.closingLeaseSeconds),
                limit: configuration.batchSize)
        } catch {
            onProblem("cannot list prepays to close: \(error)")
            return
        }
        await withTaskGroup(of: Void.self) { group in
            for payment in due {
                group.addTask { [self] in _ = try? await close(payment, orderIsPending: true) }
            }
        }
    }

    /// Closes `payment` at its platform, or settles it by the platform's word when the close
    /// is refused. Returns the platform error when the outcome is unknown.
    func close(_ payment: Payment, orderIsPending: Bool) async throws -> PaymentProviderError? {
        guard let provider = providers[payment.provider] else {
            return PaymentProviderError(.unreachable, "The payment provider \(payment.provider) is not configured.")
        }
        do {
            try await provider.close(outTradeNo: payment.orderID)
            try await store.markPaymentClosed(paymentID: payment.id, now: clock.now())
            metrics.record(.closed)
            return nil
        } catch let error as PaymentProviderError where error.kind == .rejected && !error.isRetryable {
            // Refused: paid meanwhile, already closed, or never placed. Ask.
            do {
                try await settle(payment, by: try await provider.query(outTradeNo: payment.orderID),
                                 orderIsPending: orderIsPending)
                return nil
            } catch let queryError as PaymentProviderError {
                onProblem("prepay \(payment.id) state unknown: \(queryError)")
                return queryError
            }
        } catch let error as PaymentProviderError {
            onProblem("prepay \(payment.id) not closed: \(error)")
            return error
        }
    }

    /// Settles a pending payment by what the platform reports for it.
    func settle(_ payment: Payment, by transaction: ProviderTransaction?, orderIsPending: Bool) async throws {
        let now = clock.now()
        guard let transaction else {
            // The platform never got the prepay: nothing can be paid on it.
            if orderIsPending { try await store.markPaymentChecked(paymentID: payment.id, now: now) } else {
                try await store.markPaymentClosed(paymentID: payment.id, now: now)
            }
            return
        }
        switch transaction.state {
        case .paid, .refunded:
            finish(try await store.apply(transaction: transaction, provider: payment.provider, now: now, ids: ids))
        case .closed:
            try await store.markPaymentClosed(paymentID: payment.id, now: now)
            metrics.record(.closed)
        case .unpaid, .other:
            try await store.markPaymentChecked(paymentID: payment.id, now: now)
        }
    }
}
