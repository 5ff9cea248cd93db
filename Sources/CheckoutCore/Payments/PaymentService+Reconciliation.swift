import CheckoutThreads

/// What one reconciliation pass did.
public struct ReconciliationReport: Hashable, Sendable {
    /// Payments queried at the platform.
    public var queried = 0
    /// Queries or closes that failed (retried on a later pass).
    public var failed = 0
    /// Refunds (re)submitted.
    public var refundsSubmitted = 0

    public init() {}
}

extension PaymentService {
    /// Queries the platform for payments still pending `reconcileAfterSeconds` after their
    /// prepay and settles them as a notification would (paid, or closed; a payment on an order
    /// cancelled meanwhile is closed at the platform), then resubmits pending refunds. Each row
    /// is claimed first, so replicas sharing the database never query or resubmit the same one
    /// within its lease (`recheckSeconds`, `refundRetrySeconds`).
    public func reconcile(now: Timestamp? = nil) async -> ReconciliationReport {
        let now = now ?? clock.now()
        var report = ReconciliationReport()
        do {
            let pending = try await store.paymentsToReconcile(
                createdBefore: now.adding(seconds: -configuration.reconcileAfterSeconds),
                checkedBefore: now.adding(seconds: -configuration.recheckSeconds), now: now,
                limit: configuration.batchSize)
            // All at once: the batch must be done well within the lease its claim holds.
            report.queried = pending.count
            report.failed += await withTaskGroup(of: Int.self) { group in
                for (payment, orderStatus) in pending {
                    group.addTask { [self] in
                        await reconcile(payment, orderIsPending: orderStatus == .pendingPayment, now: now) ? 0 : 1
                    }
                }
                return await group.reduce(0, +)
            }
            let refunds = try await store.refundsToSubmit(
                updatedBefore: now.adding(seconds: -configuration.refundRetrySeconds), now: now,
                limit: configuration.batchSize)
            report.refundsSubmitted = refunds.count
            report.failed += await withTaskGroup(of: Int.self) { group in
                for id in refunds {
                    group.addTask { [self] in
                        let failure = (try? await submitRefund(id: id)) ?? nil
                        return failure == nil ? 0 : 1
                    }
                }
                return await group.reduce(0, +)
            }
        } catch {
            onProblem("reconciliation stopped: \(error)")
            report.failed += 1
        }
        return report
    }

    /// Queries one payment and settles it; false when the platform could not tell.
    private func reconcile(_ payment: Payment, orderIsPending: Bool, now: Timestamp) async -> Bool {
        guard let provider = providers[payment.provider] else { return false }
        do {
            let transaction = try await provider.query(outTradeNo: payment.orderID)
            metrics.record(.reconciled)
            if !orderIsPending, let transaction, transaction.state == .unpaid {
                // The order was cancelled: make sure it can no longer be paid.
                return try await close(payment, orderIsPending: false) == nil
            }
            try await settle(payment, by: transaction, orderIsPending: orderIsPending)
            return true
        } catch {
            onProblem("payment \(payment.id) not reconciled: \(error)")
            try? await store.markPaymentChecked(paymentID: payment.id, now: now)
            return false
        }
    }

    /// Starts a reconciliation pass in the background when the last one is old enough and
    /// none is running.
    func startReconciliationIfDue(now: Timestamp) {
        let start = reconciliation.withLock { state -> Bool in
            if state.running { return false }
            if let last = state.last, now < last.adding(seconds: configuration.reconcileEverySeconds) { return false }
            state = (true, now)
            return true
        }
        guard start else { return }
        background.spawn { [weak self] in
            guard let self else { return }
            _ = await self.reconcile(now: now)
            self.reconciliation.withLock { $0.running = false }
        }
    }
}
