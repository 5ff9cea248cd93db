import CheckoutThreads
@testable import CheckoutCore

/// A profit-sharing platform whose behaviour the test sets: splits run for `processingQueries`
/// queries then succeed (or close), calls can fail, and a split can "reach the platform but
/// lose its answer" (the crash window). Counts every split the platform actually made.
final class ScriptedProfitSharing: ProfitSharingProvider {
    struct Script {
        var processingQueries = 1
        var closeReason: String?
        var error: PaymentProviderError?
        /// The next split is made at the platform, then its answer is lost.
        var loseNextSplitAnswer = false
        var splits: [String: (amount: Int64, receiver: String, queries: Int)] = [:]
        var releases: [String] = []
        var receivers: Set<String> = []
        var calls: [String] = []
    }
    let script = Locked(Script())

    func update(_ change: (inout Script) -> Void) { script.withLock { change(&$0) } }
    var state: Script { script.withLock { $0 } }

    func addReceiver(openID: String) async throws {
        try script.withLock { s throws(PaymentProviderError) in
            s.calls.append("add \(openID)")
            if let error = s.error { throw error }
            s.receivers.insert(openID)
        }
    }

    func split(_ request: ProfitSharingSplit) async throws -> ProfitSharingResult {
        try script.withLock { s throws(PaymentProviderError) -> ProfitSharingResult in
            s.calls.append("split \(request.outOrderNo) \(request.amount)")
            if let error = s.error { throw error }
            if s.splits[request.outOrderNo] == nil {
                s.splits[request.outOrderNo] = (request.amount, request.receiverOpenID, 0)
            }
            if s.loseNextSplitAnswer {
                s.loseNextSplitAnswer = false
                throw PaymentProviderError(.timedOut, "answer lost")
            }
            return ProfitSharingResult(outOrderNo: request.outOrderNo, platformOrderID: "ps", state: .processing)
        }
    }

    func querySplit(outOrderNo: String, transactionID: String) async throws -> ProfitSharingResult? {
        try script.withLock { s throws(PaymentProviderError) -> ProfitSharingResult? in
            s.calls.append("query \(outOrderNo)")
            if let error = s.error { throw error }
            guard var split = s.splits[outOrderNo] else { return nil }
            split.queries += 1
            s.splits[outOrderNo] = split
            let state: ProfitSharingResult.State = split.queries <= s.processingQueries ? .processing
                : s.closeReason.map { .failed(reason: $0) } ?? .succeeded
            return ProfitSharingResult(outOrderNo: outOrderNo, platformOrderID: "ps", state: state)
        }
    }

    func releaseRest(transactionID: String, outOrderNo: String) async throws -> ProfitSharingResult {
        try script.withLock { s throws(PaymentProviderError) -> ProfitSharingResult in
            s.calls.append("release \(outOrderNo)")
            if let error = s.error { throw error }
            s.releases.append(outOrderNo)
            return ProfitSharingResult(outOrderNo: outOrderNo, platformOrderID: "ps", state: .succeeded)
        }
    }
}
