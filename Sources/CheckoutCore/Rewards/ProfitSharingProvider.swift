/// The payment platform's profit sharing (WeChat Pay 分账) as the domain sees it: commissions
/// are split from their order's transaction to the sharer, and what is not split is released to
/// the merchant. CheckoutWeChat implements it for WeChat Pay and the sandbox.
///
/// Calls talk to the network: never made while holding the database writer. Failures are
/// `PaymentProviderError`s.
public protocol ProfitSharingProvider: Sendable {
    /// Adds `openID` as a `PERSONAL_OPENID` receiver (repeating it is harmless).
    func addReceiver(openID: String) async throws

    /// Requests a split; repeating an `outOrderNo` answers that split's state, never splits twice.
    func split(_ request: ProfitSharingSplit) async throws -> ProfitSharingResult

    /// The state of split `outOrderNo`; nil when the platform knows no such split.
    func querySplit(outOrderNo: String, transactionID: String) async throws -> ProfitSharingResult?

    /// Releases the unsplit rest of `transactionID` to the merchant under `outOrderNo`.
    func releaseRest(transactionID: String, outOrderNo: String) async throws -> ProfitSharingResult
}

/// One split to one `PERSONAL_OPENID` receiver.
public struct ProfitSharingSplit: Sendable, Hashable {
    /// The platform's transaction id of the paid order.
    public var transactionID: String
    public var outOrderNo: String
    public var receiverOpenID: String
    /// Minor units, > 0.
    public var amount: Int64
    /// Shown to the receiver.
    public var description: String

    public init(transactionID: String, outOrderNo: String, receiverOpenID: String, amount: Int64, description: String) {
        self.transactionID = transactionID
        self.outOrderNo = outOrderNo
        self.receiverOpenID = receiverOpenID
        self.amount = amount
        self.description = description
    }
}

/// A split (or release) as the platform reports it.
public struct ProfitSharingResult: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// Still running: query again later.
        case processing
        /// Done and the receiver was paid (for a release: the rest is the merchant's).
        case succeeded
        /// Done and the receiver was not paid (`reason` says why); a new attempt is needed.
        case failed(reason: String)
    }

    public var outOrderNo: String
    /// The platform's id of the split order.
    public var platformOrderID: String?
    public var state: State

    public init(outOrderNo: String, platformOrderID: String?, state: State) {
        self.outOrderNo = outOrderNo
        self.platformOrderID = platformOrderID
        self.state = state
    }
}
