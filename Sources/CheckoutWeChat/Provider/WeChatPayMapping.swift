import CheckoutCore
import Foundation

/// Translations between WeChat Pay's shapes and the domain's.
public enum WeChatPayMapping {
    /// A platform transaction as the domain sees it; `appID`/`merchantID` decide whether it is ours.
    public static func transaction(_ tx: WeChatPayTransaction, appID: String, merchantID: String) -> ProviderTransaction {
        let state: ProviderTransaction.State = switch tx.tradeState {
        case .success: .paid
        case .refund: .refunded
        case .notPay, .userPaying: .unpaid
        case .closed, .revoked, .payError: .closed
        default: .other(tx.tradeState.rawValue)
        }
        return ProviderTransaction(outTradeNo: tx.outTradeNo, transactionID: tx.transactionID, state: state,
                                   amount: Int64(tx.amount.total), currency: tx.amount.currency ?? "CNY",
                                   paidAt: tx.successTime.flatMap(WeChatPayTime.parse).map(Timestamp.init),
                                   payerOpenID: tx.payer?.openID,
                                   isForThisMerchant: tx.appID == appID && tx.merchantID == merchantID)
    }

    /// A refund notification's resource.
    public static func refund(_ refund: WeChatPayRefund) -> ProviderRefund {
        ProviderRefund(outRefundNo: refund.outRefundNo, outTradeNo: refund.outTradeNo, refundID: refund.refundID,
                       state: state(refund.refundStatus), amount: Int64(refund.amount.refund),
                       settledAt: refund.successTime.flatMap(WeChatPayTime.parse).map(Timestamp.init))
    }

    /// The answer of a refund submission.
    public static func refund(_ answer: WeChatPayRefundAnswer) -> ProviderRefund {
        ProviderRefund(outRefundNo: answer.outRefundNo, outTradeNo: answer.outTradeNo, refundID: answer.refundID,
                       state: state(answer.status), amount: Int64(answer.amount.refund),
                       settledAt: answer.successTime.flatMap(WeChatPayTime.parse).map(Timestamp.init))
    }

    static func state(_ status: WeChatPayRefund.Status) -> ProviderRefund.State {
        switch status {
        case .success: .succeeded
        case .processing: .processing
        case .closed: .closed
        case .abnormal: .abnormal
        default: .other(status.rawValue)
        }
    }

    /// The prepay `description`: the items' titles, at most 127 characters.
    public static func description(of order: Order) -> String {
        let titles = order.items.map(\.title)
        var text = titles.first ?? "Order \(order.id)"
        if titles.count > 1 { text += " +\(titles.count - 1)" }
        return String(text.prefix(127))
    }
}
