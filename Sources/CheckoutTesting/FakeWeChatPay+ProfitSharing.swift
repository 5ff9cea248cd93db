import CheckoutCrypto
import CheckoutHTTP
import CheckoutThreads
import CheckoutWeChat
import Foundation

/// How the fake's splits end.
public enum FakeSplitOutcome: Sendable, Equatable {
    /// PROCESSING for `processingQueries` queries, then FINISHED with the receiver's SUCCESS.
    case succeed(processingQueries: Int)
    /// FINISHED with the receiver CLOSED for `reason` (e.g. `ACCOUNT_ABNORMAL`).
    case close(reason: String)
}

/// The fake platform's profit-sharing state.
public struct FakeProfitSharing: Sendable {
    var receivers: Set<String> = []
    var splits: [String: (order: WeChatPayProfitSharing.Order, queriesLeft: Int, outcome: FakeSplitOutcome)] = [:]
    var outcome = FakeSplitOutcome.succeed(processingQueries: 1)
}

extension FakeWeChatPay {
    /// How splits requested from now on end.
    public func setSplitOutcome(_ outcome: FakeSplitOutcome) { sharing.withLock { $0.outcome = outcome } }

    /// The receivers added so far.
    public var receivers: Set<String> { sharing.withLock { $0.receivers } }

    /// Every split the platform holds by `out_order_no`, with the amount each receiver got
    /// (releases have none).
    public var splits: [String: WeChatPayProfitSharing.Order] { sharing.withLock { $0.splits.mapValues(\.order) } }

    /// The profit-sharing endpoints, or nil for another path.
    func profitSharingRoute(_ request: Request) -> Response? {
        let prefix = "/v3/profitsharing/orders/"
        switch (request.method, request.path) {
        case (.post, "/v3/profitsharing/receivers/add"):
            guard let body = try? JSONDecoder().decode(WeChatPayProfitSharing.ReceiverAdd.self, from: Data(request.body)),
                  body.appid == appID, body.type == "PERSONAL_OPENID", !body.account.isEmpty
            else { return error(400, "PARAM_ERROR") }
            sharing.withLock { _ = $0.receivers.insert(body.account) }
            return signed(200, request.body)
        case (.post, "/v3/profitsharing/orders"):
            return createSplit(request.body)
        case (.post, "/v3/profitsharing/orders/unfreeze"):
            return unfreeze(request.body)
        case (.get, let path) where path.hasPrefix(prefix):
            return querySplit(String(path.dropFirst(prefix.count)), transactionID: request.queryItems["transaction_id"])
        default:
            return nil
        }
    }

    private func createSplit(_ body: [UInt8]) -> Response {
        guard let request = try? JSONDecoder().decode(WeChatPayProfitSharing.OrderRequest.self, from: Data(body)),
              request.appid == appID, request.receivers.count == 1, let receiver = request.receivers.first,
              receiver.amount > 0 else { return error(400, "PARAM_ERROR") }
        guard let trade = paidTrade(request.transactionID) else { return error(400, "ORDER_NOT_READY") }
        return sharing.withLock { state -> Response in
            if let existing = state.splits[request.outOrderNo] { return signed(200, encode(existing.order)) }
            guard state.receivers.contains(receiver.account) else { return error(400, "RECEIVER_INVALID") }
            let split = state.splits.values.filter { $0.order.transactionID == request.transactionID }
                .flatMap { $0.order.receivers ?? [] }.filter { $0.type == "PERSONAL_OPENID" }.reduce(0) { $0 + $1.amount }
            guard split + receiver.amount + trade.refunded <= trade.amount else { return error(403, "NOT_ENOUGH") }
            let order = WeChatPayProfitSharing.Order(
                state: "PROCESSING", transactionID: request.transactionID, outOrderNo: request.outOrderNo,
                orderID: "3008450740201411110007820472" + SecureRandom.alphanumeric(count: 4),
                receivers: [.init(type: receiver.type, account: receiver.account, amount: receiver.amount, result: "PENDING")])
            let queries = if case .succeed(let n) = state.outcome { n } else { 0 }
            state.splits[request.outOrderNo] = (order, queries, state.outcome)
            return signed(200, encode(order))
        }
    }

    private func querySplit(_ outOrderNo: String, transactionID: String?) -> Response {
        sharing.withLock { state -> Response in
            guard var entry = state.splits[outOrderNo], entry.order.transactionID == transactionID else {
                return error(404, "RESOURCE_NOT_EXISTS")
            }
            if entry.order.state == "PROCESSING" {
                if entry.queriesLeft > 0 {
                    entry.queriesLeft -= 1
                } else {
                    entry.order.state = "FINISHED"
                    for i in (entry.order.receivers ?? []).indices {
                        if case .close(let reason) = entry.outcome {
                            entry.order.receivers?[i].result = "CLOSED"
                            entry.order.receivers?[i].failReason = reason
                        } else {
                            entry.order.receivers?[i].result = "SUCCESS"
                        }
                    }
                }
                state.splits[outOrderNo] = entry
            }
            return signed(200, encode(entry.order))
        }
    }

    private func unfreeze(_ body: [UInt8]) -> Response {
        guard let request = try? JSONDecoder().decode(WeChatPayProfitSharing.UnfreezeRequest.self, from: Data(body)),
              !request.description.isEmpty else { return error(400, "PARAM_ERROR") }
        guard paidTrade(request.transactionID) != nil else { return error(400, "ORDER_NOT_READY") }
        return sharing.withLock { state -> Response in
            if let existing = state.splits[request.outOrderNo] { return signed(200, encode(existing.order)) }
            let order = WeChatPayProfitSharing.Order(
                state: "FINISHED", transactionID: request.transactionID, outOrderNo: request.outOrderNo,
                orderID: "3008450740201411110007820473" + SecureRandom.alphanumeric(count: 4),
                receivers: [.init(type: "MERCHANT_ID", account: merchantID, amount: 0, result: "SUCCESS")])
            state.splits[request.outOrderNo] = (order, 0, .succeed(processingQueries: 0))
            return signed(200, encode(order))
        }
    }

    /// The paid amount and refunds of the trade with `transactionID`.
    private func paidTrade(_ transactionID: String) -> (amount: Int, refunded: Int)? {
        withTrades { trades in
            trades.values.first { $0.transactionID == transactionID && $0.state == .success }.map { trade in
                (trade.amount, trade.refunds.values.reduce(0) { $0 + $1.amount.refund })
            }
        }
    }
}
