import CheckoutCore
import CheckoutThreads

/// What the sandbox's profit sharing holds: receivers and splits, in memory.
struct SandboxProfitSharing {
    struct Split {
        var transactionID: String
        var amount: Int64
        var receiver: String?
        var settled: Bool
    }

    var receivers: Set<String> = []
    var splits: [String: Split] = [:]

    func splitTotal(transactionID: String) -> Int64 {
        splits.values.filter { $0.transactionID == transactionID && $0.receiver != nil }.reduce(0) { $0 + $1.amount }
    }
}

/// The sandbox plays WeChat Pay's profit sharing: a split answers PROCESSING and is SUCCESS
/// from its first query on; splits beyond what the paid trade holds, to a receiver never added,
/// or of an unpaid trade are refused with WeChat's codes; releases finish at once.
extension SandboxPaymentProvider: ProfitSharingProvider {
    public func addReceiver(openID: String) async throws {
        sharing.withLock { _ = $0.receivers.insert(openID) }
    }

    public func split(_ request: ProfitSharingSplit) async throws -> ProfitSharingResult {
        let trade = paidTrade(transactionID: request.transactionID)
        return try sharing.withLock { state throws(PaymentProviderError) -> ProfitSharingResult in
            if let existing = state.splits[request.outOrderNo] { return Self.result(request.outOrderNo, existing) }
            guard let trade else {
                throw PaymentProviderError(.rejected, code: "ORDER_NOT_READY", httpStatus: 400, "The trade is not paid.")
            }
            guard state.receivers.contains(request.receiverOpenID) else {
                throw PaymentProviderError(.rejected, code: "RECEIVER_INVALID", httpStatus: 400, "Add the receiver first.")
            }
            guard request.amount > 0,
                  request.amount + state.splitTotal(transactionID: request.transactionID) + trade.refunded <= trade.amount
            else { throw PaymentProviderError(.rejected, code: "NOT_ENOUGH", httpStatus: 403, "Not enough to split.") }
            let split = SandboxProfitSharing.Split(transactionID: request.transactionID, amount: request.amount,
                                                   receiver: request.receiverOpenID, settled: false)
            state.splits[request.outOrderNo] = split
            return Self.result(request.outOrderNo, split)
        }
    }

    public func querySplit(outOrderNo: String, transactionID: String) async throws -> ProfitSharingResult? {
        sharing.withLock { state in
            guard var split = state.splits[outOrderNo], split.transactionID == transactionID else { return nil }
            split.settled = true
            state.splits[outOrderNo] = split
            return Self.result(outOrderNo, split)
        }
    }

    public func releaseRest(transactionID: String, outOrderNo: String) async throws -> ProfitSharingResult {
        guard paidTrade(transactionID: transactionID) != nil else {
            throw PaymentProviderError(.rejected, code: "ORDER_NOT_READY", httpStatus: 400, "The trade is not paid.")
        }
        return sharing.withLock { state in
            let release = state.splits[outOrderNo]
                ?? SandboxProfitSharing.Split(transactionID: transactionID, amount: 0, receiver: nil, settled: true)
            state.splits[outOrderNo] = release
            return Self.result(outOrderNo, release)
        }
    }

    private static func result(_ outOrderNo: String, _ split: SandboxProfitSharing.Split) -> ProfitSharingResult {
        ProfitSharingResult(outOrderNo: outOrderNo, platformOrderID: "sbx_ps_" + outOrderNo,
                            state: split.settled ? .succeeded : .processing)
    }
}
