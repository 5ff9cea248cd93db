import CheckoutThreads

/// Pays available commissions out through profit sharing, on a timer (every expiry pass, at
/// most every `everySeconds`): frozen commissions past `available_at` are released, payouts
/// claimed (`out_order_no` fixed in the database BEFORE the platform is called), then each
/// running payout is QUERIED first and split only when the platform knows none, so a crash
/// between the split request and its result resumes by querying, never by splitting again.
/// Finally the unsplit rest of settled orders is released to the merchant.
public final class RewardPayouts: Sendable {
    /// Pacing of the passes and their retries.
    public struct Configuration: Hashable, Sendable {
        /// Seconds between passes. Default 5.
        public var everySeconds: Int64 = 5
        /// Seconds before a running split is queried again. Default 5.
        public var pollSeconds: Int64 = 5
        /// Work items per pass and kind. Default 50.
        public var batchSize = 50
        public init(everySeconds: Int64 = 5, pollSeconds: Int64 = 5, batchSize: Int = 50) {
            self.everySeconds = everySeconds
            self.pollSeconds = pollSeconds
            self.batchSize = batchSize
        }

        /// After `errors` failed calls in a row: 5 s doubling up to 10 minutes.
        public func backoffSeconds(errors: Int) -> Int64 {
            min(600, pollSeconds << Int64(min(max(errors - 1, 0), 10)))
        }
    }

    let store: any RewardStore
    let providers: [String: any ProfitSharingProvider]
    let clock: any Clock
    public let configuration: Configuration
    public let metrics: RewardMetrics
    let pass = Locked<(running: Bool, last: Timestamp?)>((false, nil))
    let onProblem: @Sendable (String) -> Void

    /// - Parameter providers: the providers that can split, by payment provider name.
    public init(store: any RewardStore, providers: [String: any ProfitSharingProvider], clock: any Clock,
                configuration: Configuration = .init(), metrics: RewardMetrics = RewardMetrics(),
                onProblem: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.providers = providers
        self.clock = clock
        self.configuration = configuration
        self.metrics = metrics
        self.onProblem = onProblem
    }

    /// Runs a pass when none runs and the last is `everySeconds` old.
    public func runIfDue(now: Timestamp? = nil) async {
        let now = now ?? clock.now()
        let start = pass.withLock { state -> Bool in
            if state.running { return false }
            if let last = state.last, now < last.adding(seconds: configuration.everySeconds) { return false }
            state = (true, now)
            return true
        }
        guard start else { return }
        defer { pass.withLock { $0.running = false } }
        await run(now: now)
    }

    /// One pass: release due freezes, claim and carry out payouts, release settled funds.
    public func run(now: Timestamp? = nil) async {
        let now = now ?? clock.now()
        do {
            metrics.record(.released, count: try await store.releaseDue(now: now, limit: configuration.batchSize))
            metrics.record(.payoutStarted, count: try await store.claimPayouts(now: now, limit: configuration.batchSize).count)
            for claim in try await store.payoutsInFlight(now: now, limit: configuration.batchSize) {
                await carryOut(claim, now: now)
            }
            for release in try await store.releasesDue(now: now, limit: configuration.batchSize) {
                await carryOut(release, now: now)
            }
        } catch {
            onProblem("reward payouts stopped: \(error)")
        }
    }

    /// Query first; split only when the platform has no split of this `out_order_no`.
    private func carryOut(_ claim: PayoutClaim, now: Timestamp) async {
        let no = claim.payout.outOrderNo
        do {
            guard let provider = providers[claim.provider] else {
                throw CheckoutError.invalidState("Payments of \(claim.provider) cannot be split.")
            }
            guard let openID = claim.receiverOpenID else {
                throw CheckoutError.invalidState("The sharer has no openid at \(claim.provider).")
            }
            var result = try await provider.querySplit(outOrderNo: no, transactionID: claim.transactionID)
            if result == nil {
                try await provider.addReceiver(openID: openID)
                result = try await provider.split(ProfitSharingSplit(
                    transactionID: claim.transactionID, outOrderNo: no, receiverOpenID: openID,
                    amount: claim.payout.amount, description: "分享佣金 \(claim.orderID)"))
            }
            guard let state = result?.state else { return }
            switch state {
            case .succeeded: metrics.record(.payoutSucceeded)
            case .failed: metrics.record(.payoutFailed)
            case .processing: break
            }
            try await store.recordPayout(commissionID: claim.commissionID, outOrderNo: no, state: state, error: nil,
                                         retryAt: now.adding(seconds: configuration.pollSeconds), now: now)
        } catch {
            let errors = claim.payout.errors + 1
            metrics.record(.callFailed)
            onProblem("payout \(no) not done: \(error)")
            try? await store.recordPayout(commissionID: claim.commissionID, outOrderNo: no, state: nil,
                                          error: Self.reason(error),
                                          retryAt: now.adding(seconds: configuration.backoffSeconds(errors: errors)), now: now)
        }
    }

    private func carryOut(_ release: FundsRelease, now: Timestamp) async {
        do {
            guard let provider = providers[release.provider] else {
                throw CheckoutError.invalidState("Payments of \(release.provider) cannot be released.")
            }
            let result = try await provider.releaseRest(transactionID: release.transactionID, outOrderNo: release.outOrderNo)
            if case .succeeded = result.state { metrics.record(.fundsReleased) }
            let failure: String? = if case .failed(let reason) = result.state { reason } else { nil }
            let done = result.state == .succeeded
            try await store.recordRelease(orderID: release.orderID, failure: done ? nil : (failure ?? "PROCESSING"),
                                          retryAt: now.adding(seconds: configuration.pollSeconds), now: now)
        } catch {
            metrics.record(.callFailed)
            onProblem("release of \(release.orderID) not done: \(error)")
            try? await store.recordRelease(orderID: release.orderID, failure: Self.reason(error),
                                           retryAt: now.adding(seconds: configuration.backoffSeconds(errors: 3)), now: now)
        }
    }

    /// A short reason safe to show the shop.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as PaymentProviderError: String(error.description.prefix(200))
        case let error as CheckoutError: error.message
        default: "internal error"
        }
    }
}
