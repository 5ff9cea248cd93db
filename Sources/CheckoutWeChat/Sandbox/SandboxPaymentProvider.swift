import CheckoutCore
import CheckoutCrypto
import Foundation
import CheckoutThreads

/// A payment platform in the process for `CHECKOUT_SANDBOX=1`: the same shapes as WeChat Pay
/// (prepay ids, paySign with its own merchant key) and real v3 notifications, signed with its
/// own platform key and encrypted with its own APIv3 key, delivered through the same
/// callback path as WeChat Pay's. Its trades live in memory.
public final class SandboxPaymentProvider: PaymentProvider {
    public let name = "sandbox"
    public let keys: SandboxKeys
    let builder: WeChatPayNotificationBuilder
    let paySign: WeChatPayPaySign
    private let trades = Locked<[String: Trade]>([:])
    /// (Not a `Locked<Closure?>`: see `LockedReference`.)
    private let delivery = LockedReference<@Sendable (WeChatPaySignedMessage) async -> Void>()
    private let deliveries = Locked<[Task<Void, Never>]>([])
    /// Profit sharing: receivers added and splits by `out_order_no` (see `+ProfitSharing`).
    let sharing = Locked(SandboxProfitSharing())

    /// The paid amount and the refunds so far of the trade with `transactionID`, if any.
    func paidTrade(transactionID: String) -> (amount: Int64, refunded: Int64)? {
        trades.withLock { trades in
            trades.values.first { $0.transactionID == transactionID && $0.state.wasPaid }.map { trade in
                (trade.amount, trade.refunds.values.reduce(0) { $0 + $1.amount })
            }
        }
    }

    struct Trade {
        var amount: Int64
        var currency: String
        var state: ProviderTransaction.State
        var transactionID: String?
        var paidAt: Timestamp?
        var refunds: [String: ProviderRefund] = [:]
    }

    public init(keys: SandboxKeys) throws {
        self.keys = keys
        builder = try WeChatPayNotificationBuilder(platformPrivateKey: keys.platformKey, platformSerial: keys.platformSerial,
                                                   apiV3Key: Array(keys.apiV3Key.utf8))
        paySign = WeChatPayPaySign(appID: keys.appID, privateKey: keys.merchantKey)
    }

    /// Where the sandbox sends notifications (the app's callback handler).
    public func setDelivery(_ deliver: @escaping @Sendable (WeChatPaySignedMessage) async -> Void) {
        delivery.set(deliver)
    }

    /// Waits until every refund notification started so far has been delivered.
    public func waitForDeliveries() async {
        while let task = deliveries.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
            await task.value
        }
    }

    /// The keys our callback needs to accept the sandbox's notifications.
    public var notificationAuthority: WeChatPayNotificationReader.Authority {
        get throws {
            WeChatPayNotificationReader.Authority(
                provider: name, serial: keys.platformSerial, platformKey: keys.platformKey.publicKey,
                decryptor: try WeChatPayNotificationDecryptor(apiV3Key: keys.apiV3Key), appID: keys.appID,
                merchantID: keys.merchantID)
        }
    }

    public func prepay(_ request: PrepayRequest) async throws -> PrepayResult {
        let order = request.order
        try trades.withLock { trades throws(PaymentProviderError) in
            if let trade = trades[order.id], trade.state != .unpaid {
                throw PaymentProviderError(.rejected, code: "ORDERPAID", httpStatus: 400, "The order is no longer payable.")
            }
            trades[order.id] = Trade(amount: order.amountTotal, currency: order.currency.code, state: .unpaid)
        }
        let prepayID = "sbx_prepay_" + SecureRandom.alphanumeric(count: 24)
        do {
            return PrepayResult(prepayID: prepayID,
                                payParameters: try paySign.parameters(prepayID: prepayID))
        } catch {
            throw PaymentProviderError(.invalidResponse, "cannot sign the payment parameters")
        }
    }

    /// The shopper "pays" `order` in the sandbox: the trade is marked paid and its signed,
    /// encrypted `TRANSACTION.SUCCESS` notification returned for delivery.
    public func pay(_ order: Order, payerOpenID: String?) throws -> WeChatPaySignedMessage {
        let transactionID = "sbx_tx_" + SecureRandom.alphanumeric(count: 24)
        let now = Date()
        trades.withLock { trades in
            var trade = trades[order.id] ?? Trade(amount: order.amountTotal, currency: order.currency.code, state: .unpaid)
            trade.state = .paid
            trade.transactionID = transactionID
            trade.paidAt = Timestamp(now)
            trades[order.id] = trade
        }
        let tx = WeChatPayTransaction(
            appID: keys.appID, merchantID: keys.merchantID, outTradeNo: order.id, transactionID: transactionID,
            tradeState: .success, tradeStateDesc: "支付成功", bankType: "OTHERS", successTime: WeChatPayTime.format(now),
            payer: payerOpenID.map(WeChatPayTransaction.Payer.init(openID:)),
            amount: .init(total: Int(order.amountTotal), payerTotal: Int(order.amountTotal), currency: order.currency.code))
        return try builder.transactionSuccess(tx, createTime: now)
    }

    public func refund(_ request: RefundSubmission) async throws -> ProviderRefund {
        let answer = trades.withLock { trades -> (ProviderRefund, isNew: Bool) in
            if let existing = trades[request.orderID]?.refunds[request.refundID] { return (existing, false) }
            let refund = ProviderRefund(outRefundNo: request.refundID, outTradeNo: request.orderID,
                                        refundID: "sbx_re_" + SecureRandom.alphanumeric(count: 24),
                                        state: .processing, amount: request.amount)
            var trade = trades[request.orderID] ?? Trade(amount: request.paidAmount, currency: request.currency.code,
                                                         state: .paid, transactionID: request.transactionID)
            trade.refunds[request.refundID] = refund
            trades[request.orderID] = trade
            return (refund, true)
        }
        if answer.isNew { settleLater(answer.0, paidAmount: request.paidAmount, transactionID: request.transactionID) }
        return answer.0
    }

    public func close(outTradeNo: String) async throws {
        try trades.withLock { trades throws(PaymentProviderError) in
            guard var trade = trades[outTradeNo] else {
                throw PaymentProviderError(.rejected, code: "ORDER_NOT_EXIST", httpStatus: 404, "No such order.")
            }
            if trade.state.wasPaid {
                throw PaymentProviderError(.rejected, code: "ORDERPAID", httpStatus: 400, "The order is paid.")
            }
            trade.state = .closed
            trades[outTradeNo] = trade
        }
    }

    public func query(outTradeNo: String) async throws -> ProviderTransaction? {
        trades.withLock { trades in
            trades[outTradeNo].map {
                ProviderTransaction(outTradeNo: outTradeNo, transactionID: $0.transactionID, state: $0.state,
                                    amount: $0.amount, currency: $0.currency, paidAt: $0.paidAt)
            }
        }
    }

    /// The refund succeeds a moment later, announced by a signed `REFUND.SUCCESS` notification.
    private func settleLater(_ refund: ProviderRefund, paidAmount: Int64, transactionID: String?) {
        let task = Task { [weak self] in
            guard let self else { return }
            let now = Date()
            self.trades.withLock { trades in
                trades[refund.outTradeNo]?.refunds[refund.outRefundNo]?.state = .succeeded
            }
            let resource = WeChatPayRefund(
                merchantID: self.keys.merchantID, outTradeNo: refund.outTradeNo, transactionID: transactionID,
                outRefundNo: refund.outRefundNo, refundID: refund.refundID ?? "", refundStatus: .success,
                successTime: WeChatPayTime.format(now), userReceivedAccount: "支付用户零钱",
                amount: .init(total: Int(paidAmount), refund: Int(refund.amount)))
            guard let message = try? self.builder.refund(resource, createTime: now),
                  let deliver = self.delivery.value else { return }
            await deliver(message)
        }
        deliveries.withLock { $0.append(task) }
    }
}
