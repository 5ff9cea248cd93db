/// Sharer rewards for callers: the shop's program, commission lists and balances, and the
/// profit-sharing decision for prepays. Commissions themselves move inside the order and
/// payment transactions (the store's ledger hooks); payouts run in `RewardPayouts`.
public final class RewardService: Sendable {
    let store: any RewardStore
    let clock: any Clock
    /// Payment providers whose payments can be split (WeChat Pay and the sandbox).
    let sharingProviders: Set<String>
    public let payouts: RewardPayouts

    public init(store: any RewardStore, clock: any Clock, payouts: RewardPayouts, sharingProviders: Set<String>) {
        self.store = store
        self.clock = clock
        self.payouts = payouts
        self.sharingProviders = sharingProviders
    }

    public func program(shopID: String) async throws -> RewardProgram {
        try await store.program(shopID: shopID)
    }

    /// - Throws: `invalid_request` naming `rate_bps` (0–3000) or `freeze_days` (0–30).
    public func updateProgram(shopID: String, _ update: RewardProgramUpdate) async throws -> RewardProgram {
        try await store.updateProgram(shopID: shopID, update, now: clock.now())
    }

    /// The shop's commissions, optionally of one status or sharer.
    public func commissions(shopID: String, status: CommissionStatus?, sharer: String?,
                            page: PageRequest) async throws -> Page<Commission> {
        try await store.commissions(CommissionFilter(shopID: shopID, sharer: sharer, status: status), page: page)
    }

    /// The shopper's own commissions (all shops) and balance.
    public func commissions(of sharer: String, page: PageRequest) async throws -> (Page<Commission>, CommissionBalance) {
        (try await store.commissions(CommissionFilter(sharer: sharer), page: page), try await store.balance(sharer: sharer))
    }

    /// Whether a prepay of `order` with `provider` keeps its funds frozen for a split: the
    /// shop's program is on and the provider can split. Records the hold first, so the funds
    /// are released whatever the order earns.
    public func prepareProfitSharing(order: Order, provider: String) async throws -> Bool {
        guard sharingProviders.contains(provider), try await store.program(shopID: order.shopID).enabled else { return false }
        try await store.holdForProfitSharing(orderID: order.id, now: clock.now())
        return true
    }

    /// Lets `payments` ask before each prepay.
    public func install(on payments: PaymentService) {
        payments.setProfitSharingDecision { [weak self] order, provider in
            try await self?.prepareProfitSharing(order: order, provider: provider) ?? false
        }
    }
}
