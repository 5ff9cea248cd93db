/// A click to record: who viewed which link, from which scene, when.
public struct ShareClick: Hashable, Sendable {
    public var code: String
    /// The viewer: `user:<id>` for a signed-in shopper, `visitor:<cc_vid>` otherwise.
    public var viewer: String
    public var scene: Int?
    public var at: Timestamp
    /// The viewer's id was issued with this click (a new `cc_vid`): a store may try the first
    /// visit's insert before looking for the viewer's row. Only a hint: the outcome is the same.
    public var isNewViewer: Bool

    public init(code: String, viewer: String, scene: Int?, at: Timestamp, isNewViewer: Bool = false) {
        self.code = code
        self.viewer = viewer
        self.scene = scene
        self.at = at
        self.isNewViewer = isNewViewer
    }
}

/// Storage of share links, clicks, their rolled-up counters, paid-order events and live tokens.
///
/// Every method that counts runs as ONE transaction with the counters it moves, so stats read
/// O(rows answered) and a crash loses nothing acknowledged. Orders and payments move the same
/// counters inside their own stores' transactions (placement credits, payment, refunds).
public protocol ShareStore: Sendable {
    /// Saves `link` and counts a share, after checking its product is an active product of its shop.
    /// Under `commit`, the key's answer commits in the same transaction.
    /// - Throws: `invalid_request` (`product_id`) otherwise.
    func create(_ link: ShareLink, commit: IdempotentCommit<ShareLink>?) async throws -> IdempotentOutcome<ShareLink>
    func link(code: String) async throws -> ShareLink?
    /// Records a person's click (`ClickRule` decides how it counts) with its counters.
    /// - Returns: the link and how the click counted, or nil for an unknown code (nothing stored).
    func recordClick(_ click: ShareClick) async throws -> (link: ShareLink, outcome: ClickRule.Outcome)?
    /// The sharer's links with their counters, newest first.
    func links(sharerID: String, page: PageRequest) async throws -> Page<ShareLinkSummary>
    /// The shop's counters by `dimension`, over hour buckets `hours` (nil: all time).
    func stats(shopID: String, by dimension: StatsDimension, hours: ClosedRange<Int64>?) async throws -> [StatsRow]
    /// Clicks and paid orders per active product over `hours`, in `scene` when given, best first.
    func trending(shopID: String, scene: Int?, hours: ClosedRange<Int64>, limit: Int) async throws -> [TrendingEntry]
    /// The shop's paid-order events after `sequence`, oldest first, at most the last `limit` of them.
    func paidEvents(shopID: String, after sequence: Int64, limit: Int) async throws -> [PaidOrderEvent]
    /// The paid-order event of `orderID`, once it is paid.
    func paidEvent(orderID: String) async throws -> PaidOrderEvent?
    /// The shop of `orderID` when the order is credited to a link, else nil.
    func creditedShop(orderID: String) async throws -> String?
    /// The newest paid-order event's sequence of the shop (0 when none).
    func latestPaidSequence(shopID: String) async throws -> Int64
    /// Stores a live token's hash; under `commit`, with the key's answer in the same transaction.
    /// - Returns: `expiresAt`.
    func saveLiveToken(hash: String, shopID: String, expiresAt: Timestamp, commit: IdempotentCommit<Timestamp>?)
        async throws -> IdempotentOutcome<Timestamp>
    /// The shop of an unexpired live token, by its hash.
    func liveTokenShop(hash: String, now: Timestamp) async throws -> String?
}
