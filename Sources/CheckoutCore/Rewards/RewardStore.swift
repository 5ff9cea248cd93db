/// Storage of reward programs, commissions, their ledger and the profit-sharing work queue.
/// Every method that changes money runs as ONE transaction; none of them talks to a platform.
/// Commissions are earned, frozen and rebased by the order and payment stores' transactions
/// (see the backend's ledger hooks), never through this protocol.
public protocol RewardStore: Sendable {
    /// The shop's program (the defaults when it never set one).
    func program(shopID: String) async throws -> RewardProgram
    /// Applies `update` to the shop's program and returns the result.
    /// - Throws: `invalid_request` naming the field out of range.
    func updateProgram(shopID: String, _ update: RewardProgramUpdate, now: Timestamp) async throws -> RewardProgram
    /// Notes that order `orderID`'s prepay keeps its funds frozen for profit sharing, so they
    /// are released once the order's commission is settled or none is earned.
    func holdForProfitSharing(orderID: String, now: Timestamp) async throws

    /// Commissions newest first: a shop's (`shopID`), or a sharer's across shops.
    func commissions(_ filter: CommissionFilter, page: PageRequest) async throws -> Page<Commission>
    /// The sum of a sharer's ledger entries by bucket, across shops.
    func balance(sharer: String) async throws -> CommissionBalance

    /// Frozen commissions whose `available_at` is at or before `now` become available.
    /// - Returns: how many did.
    func releaseDue(now: Timestamp, limit: Int) async throws -> Int
    /// Starts a payout attempt (state `processing`, `out_order_no` fixed) for available
    /// commissions with none running and no pending refund on their order, netting each
    /// sharer's adjustments in that shop; a split of 0 is settled at once. Never two running
    /// payouts for one sharer and shop.
    func claimPayouts(now: Timestamp, limit: Int) async throws -> [PayoutClaim]
    /// Payouts in state `processing` (started here or before a restart) due at `now`.
    func payoutsInFlight(now: Timestamp, limit: Int) async throws -> [PayoutClaim]
    /// Records what the platform said of a payout: success settles the commission (`paid_out`)
    /// and queues the release of the order's rest; `.failed` ends the attempt; nil (the call
    /// failed: `error` says how) or `.processing` keep it running, next looked at `retryAt`.
    func recordPayout(commissionID: String, outOrderNo: String, state: ProfitSharingResult.State?, error: String?,
                      retryAt: Timestamp, now: Timestamp) async throws
    /// Paid orders whose frozen funds are due for release at `now`, with what the call needs.
    func releasesDue(now: Timestamp, limit: Int) async throws -> [FundsRelease]
    /// Records a release: done (`failure` nil), or failed, retried at `retryAt`.
    func recordRelease(orderID: String, failure: String?, retryAt: Timestamp, now: Timestamp) async throws
}

/// Which commissions to list.
public struct CommissionFilter: Hashable, Sendable {
    public var shopID: String?
    public var sharer: String?
    public var status: CommissionStatus?

    public init(shopID: String? = nil, sharer: String? = nil, status: CommissionStatus? = nil) {
        self.shopID = shopID
        self.sharer = sharer
        self.status = status
    }
}

/// A payout attempt to carry out at the platform.
public struct PayoutClaim: Hashable, Sendable {
    public var commissionID: String
    public var orderID: String
    /// The provider that took the order's payment (`wechatpay`, `sandbox`).
    public var provider: String
    public var transactionID: String
    /// The sharer's openid with that provider's platform, nil when they have none.
    public var receiverOpenID: String?
    public var payout: CommissionPayout

    public init(commissionID: String, orderID: String, provider: String, transactionID: String,
                receiverOpenID: String?, payout: CommissionPayout) {
        self.commissionID = commissionID
        self.orderID = orderID
        self.provider = provider
        self.transactionID = transactionID
        self.receiverOpenID = receiverOpenID
        self.payout = payout
    }
}

/// An order's frozen funds to release to the merchant.
public struct FundsRelease: Hashable, Sendable {
    public var orderID: String
    public var provider: String
    public var transactionID: String

    public init(orderID: String, provider: String, transactionID: String) {
        self.orderID = orderID
        self.provider = provider
        self.transactionID = transactionID
    }

    /// The release's `out_order_no`.
    public var outOrderNo: String { CommissionPayout.releaseOrderNo(orderID: orderID) }
}
