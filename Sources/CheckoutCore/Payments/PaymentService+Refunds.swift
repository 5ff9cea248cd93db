extension PaymentService {
    /// Creates a refund of a paid order of `shopID` (with a `commit`: and the key's answer, the
    /// refund as created, in the same transaction), then submits it.
    ///
    /// The answer is the `pending` refund: a platform that cannot be reached or does not answer
    /// leaves it pending (it is resubmitted, which is safe, until the platform answers); a
    /// platform that refuses it fails it, which the order's `refunds` then show.
    /// - Parameter amount: minor units; nil refunds everything not yet refunded.
    /// - Throws: `not_found`, `invalid_state`, `invalid_request` (`amount`, `reason`).
    public func createRefund(orderID: String, shopID: String, amount: Int64?, reason: String?,
                             commit: IdempotentCommit<Refund>? = nil) async throws -> IdempotentOutcome<Refund> {
        let reason = try Validate.optionalText(reason, param: "reason", maxLength: 80)
        let outcome = try await store.createRefund(orderID: orderID, shopID: shopID, amount: amount, reason: reason,
                                                   newID: ids.makeID(.refund), now: clock.now(), commit: commit)
        if case .done(let refund, _) = outcome {
            metrics.record(.refundCreated)
            try await submitRefund(id: refund.id)
        }
        return outcome
    }

    /// Submits a pending refund and records the answer.
    /// - Returns: the platform error, if the submission failed (the refund is failed when the
    ///   error is final, otherwise kept for a retry).
    @discardableResult
    func submitRefund(id: String) async throws -> PaymentProviderError? {
        guard let (refund, payment) = try await store.refundSubmission(refundID: id), refund.status == .pending else {
            return nil
        }
        guard let provider = providers[payment.provider] else {
            onProblem("refund \(id) waits: provider \(payment.provider) is not configured")
            try await store.touchRefund(refundID: id, now: clock.now())
            return PaymentProviderError(.unreachable, "The payment provider is not configured.")
        }
        let submission = RefundSubmission(refundID: refund.id, orderID: refund.orderID,
                                          transactionID: payment.transactionID, amount: refund.amount,
                                          paidAmount: payment.amount, currency: refund.currency,
                                          reason: refund.reason, notifyURL: configuration.notifyURL)
        do {
            let answer = try await provider.refund(submission)
            let application = try await store.recordRefundAnswer(answer, now: clock.now(), ids: ids)
            if application.outcome != .ignored { metrics.record(application.outcome) }
            return nil
        } catch let error as PaymentProviderError {
            metrics.record(.refundSubmitFailed)
            if error.isRetryable {
                onProblem("refund \(id) submission will be retried: \(error)")
                try await store.touchRefund(refundID: id, now: clock.now())
            } else {
                onProblem("refund \(id) refused by the platform: \(error)")
                try await store.recordRefundRejected(refundID: id, code: error.code, now: clock.now())
            }
            return error
        }
    }
}
