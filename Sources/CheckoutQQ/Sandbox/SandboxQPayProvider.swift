import CheckoutCore
import CheckoutCrypto
import CheckoutWeChat
import Foundation
import CheckoutThreads

/// QQ Wallet in the process for `CHECKOUT_SANDBOX=1` when `QPAY_*` is not set: `qpay` orders in
/// QQ Wallet's shapes (`{package, bargainor_id}`) and real MD5-signed XML notifications with the
/// sandbox's own key, delivered through the same callback as QQ Wallet's. Trades live in memory;
/// refunds succeed at once.
public final class SandboxQPayProvider: PaymentProvider {
    public let name = "qpay"
    public let builder: QPayNotificationBuilder
    let apiKey: String
    private let trades = Locked<[String: Trade]>([:])

    struct Trade {
        var amount: Int64
        var state: ProviderTransaction.State = .unpaid
        var transactionID: String?
        var refunds: [String: ProviderRefund] = [:]
    }

    public init(appID: String = "1110000000") {
        apiKey = SecureRandom.alphanumeric(count: 32)
        builder = QPayNotificationBuilder(apiKey: apiKey, merchantID: "1900000000", appID: appID)
    }

    /// The reader our callback needs to accept the sandbox's notifications.
    public var reader: QPayNotificationReader {
        QPayNotificationReader(apiKey: apiKey, merchantID: builder.merchantID, appID: builder.appID)
    }

    public func prepay(_ request: PrepayRequest) async throws -> PrepayResult {
        let order = request.order
        try trades.withLock { trades throws(PaymentProviderError) in
            if let trade = trades[order.id], trade.state != .unpaid {
                throw PaymentProviderError(.rejected, code: "ORDERPAID", httpStatus: 400, "The order is no longer payable.")
            }
            trades[order.id] = Trade(amount: order.amountTotal)
        }
        let prepayID = "sbx_qpay_" + SecureRandom.alphanumeric(count: 24)
        return PrepayResult(prepayID: prepayID, payParameters: PayParameters([
            "package": "prepay_id=\(prepayID)", "bargainor_id": builder.merchantID,
        ]))
    }

    /// The shopper "pays" `order`: the trade is marked paid and its signed notification returned.
    public func pay(_ order: Order) -> [UInt8] {
        let transactionID = trades.withLock { trades -> String in
            var trade = trades[order.id] ?? Trade(amount: order.amountTotal)
            let id = trade.transactionID ?? QPayNotificationBuilder.transactionID()
            trade.state = .paid
            trade.transactionID = id
            trades[order.id] = trade
            return id
        }
        return builder.paid(outTradeNo: order.id, amount: order.amountTotal, transactionID: transactionID)
    }

    public func refund(_ request: RefundSubmission) async throws -> ProviderRefund {
        trades.withLock { trades in
            if let existing = trades[request.orderID]?.refunds[request.refundID] { return existing }
            let refund = ProviderRefund(outRefundNo: request.refundID, outTradeNo: request.orderID,
                                        refundID: "sbx_qre_" + SecureRandom.alphanumeric(count: 20), state: .succeeded,
                                        amount: request.amount, settledAt: Timestamp(Date()))
            trades[request.orderID, default: Trade(amount: request.paidAmount, state: .paid)].refunds[request.refundID] = refund
            return refund
        }
    }

    public func close(outTradeNo: String) async throws {
        try trades.withLock { trades throws(PaymentProviderError) in
            guard let trade = trades[outTradeNo] else {
                throw PaymentProviderError(.rejected, code: "ORDERNOTEXIST", httpStatus: 400, "No such order.")
            }
            if trade.state.wasPaid { throw PaymentProviderError(.rejected, code: "ORDERPAID", httpStatus: 400, "The order is paid.") }
            trades[outTradeNo]?.state = .closed
        }
    }

    public func query(outTradeNo: String) async throws -> ProviderTransaction? {
        trades.withLock { trades in
            trades[outTradeNo].map {
                ProviderTransaction(outTradeNo: outTradeNo, transactionID: $0.transactionID, state: $0.state, amount: $0.amount)
            }
        }
    }
}
